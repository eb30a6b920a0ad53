package io.incidentfeeds.edge.bench;

import io.incidentfeeds.testsupport.bench.ProcFs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The edge under test in its own JVM (its executable jar), so that its CPU and heap are its own:
 * CPU from /proc/&lt;pid&gt;/stat, heap from its Prometheus endpoint after a full GC (jcmd).
 */
final class EdgeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private EdgeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static EdgeProcess start(Path jar, String heap, List<String> jvmArgs, List<String> args, Path log) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
        cmd.addAll(args);
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Never leave the edge running when the benchmark is interrupted.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return new EdgeProcess(p, port);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the edge exited with " + process.exitValue());
            }
            try {
                if (get("/actuator/health/readiness").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the edge was not ready within " + timeout);
    }

    /** CPU seconds (user + system) the edge has used so far. */
    double cpuSeconds() throws IOException {
        return cpuSeconds(process.pid());
    }

    /** CPU seconds (user + system) process {@code pid} has used so far. */
    static double cpuSeconds(long pid) {
        return ProcFs.cpu(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " has exited")).seconds();
    }

    /** The one-minute load average of the machine. */
    static double loadAverage() {
        return ProcFs.loadAverage1m();
    }

    /** Heap in use after a full collection, in bytes. */
    double heapAfterGc() throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return metric("jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** The sum of the samples of a Prometheus metric whose labels contain {@code labels}. */
    double metric(String name, String labels) throws Exception {
        double sum = 0;
        for (String line : get("/actuator/prometheus").body().split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
