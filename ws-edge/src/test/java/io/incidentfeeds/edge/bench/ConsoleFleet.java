package io.incidentfeeds.edge.bench;

import io.incidentfeeds.schemas.json.ContractJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The benchmark's consoles: one Node process (src/test/bench/node/consoles.js) holding every
 * WebSocket client of a measurement, so that each server is loaded by the same clients and the
 * clients' CPU is that process's own. Driven over its stdin and stdout.
 */
final class ConsoleFleet implements AutoCloseable {

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ConsoleFleet(Process process) {
        this.process = process;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add("exited");
        }, "consoles-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code sessions} consoles against {@code uri}; {@code tokens} (one per group) makes them
     * speak the edge's protocol, null makes them plain listeners ({@code ?g=<group>}).
     */
    static ConsoleFleet start(Path nodeDir, URI uri, int sessions, int groups, boolean deflate, Path tokens, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("node", nodeDir.resolve("consoles.js").toString(), "--url", uri.toString(),
                "--sessions", Integer.toString(sessions), "--groups", Integer.toString(groups),
                "--deflate", deflate ? "on" : "off", "--protocol", tokens == null ? "plain" : "edge"));
        if (tokens != null) {
            cmd.addAll(List.of("--tokens", tokens.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return new ConsoleFleet(p);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until every console is connected (and subscribed); returns the fleet's "ready" line. */
    String awaitReady(Duration timeout) throws Exception {
        String line = next(timeout);
        if (!line.startsWith("ready")) {
            throw new IllegalStateException("the consoles did not connect: " + line);
        }
        return line;
    }

    void startWindow() throws IOException {
        command("start");
    }

    /** Closes the measured window and returns the consoles' figures (frames, p50, p99, ...). */
    JsonNode stopWindow() throws Exception {
        command("stop");
        String line = next(Duration.ofMinutes(2));
        if (!line.startsWith("result ")) {
            throw new IllegalStateException("no result from the consoles: " + line);
        }
        return ContractJson.mapper().readTree(line.substring("result ".length()));
    }

    /**
     * Edge consoles only: how many consoles, and how many (console, incident) pairs of their agency,
     * do not hold the last version written ({@code last}: incident id -> version, in a JSON file).
     */
    long[] stale(Path last) throws Exception {
        command("check " + last);
        String line = next(Duration.ofMinutes(1));
        if (!line.startsWith("checked ")) {
            throw new IllegalStateException("no check from the consoles: " + line);
        }
        String[] counts = line.split(" ");
        return new long[] {Long.parseLong(counts[1]), Long.parseLong(counts[2])};
    }

    private void command(String c) throws IOException {
        commands.write(c + "\n");
        commands.flush();
    }

    private String next(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return line == null ? "no answer within " + timeout : line;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static void requireInstalled(Path nodeDir) {
        if (!Files.isDirectory(nodeDir.resolve("node_modules/ws"))) {
            throw new IllegalStateException("the benchmark's Node side is not installed: run `npm ci` in " + nodeDir.toAbsolutePath());
        }
    }
}
