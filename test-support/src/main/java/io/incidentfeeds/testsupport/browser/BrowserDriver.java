package io.incidentfeeds.testsupport.browser;

import io.incidentfeeds.schemas.json.ContractJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A page in headless Chromium, driven by a module's Node driver script (which builds on
 * {@code test-support/browser/driver.mjs}: playwright-core driving Debian's Chromium) as a child
 * process: one JSON command per line to its stdin, one JSON answer per line from its stdout. A failed
 * command fails the test with the driver's message (and the screenshot it took). Closing ends the
 * driver and, with it, the browser, leaving no process behind.
 */
public final class BrowserDriver implements AutoCloseable {

    /** Debian's Chromium ({@code .ci/apt-packages}); {@code -Dbrowser.chromium} (or ws-edge's {@code -Dconsole.chromium}) for another. */
    public static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", System.getProperty("console.chromium", "/usr/bin/chromium")));

    private final Process node;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private int nextId = 1;

    private BrowserDriver(Process node) {
        this.node = node;
        this.commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    answers.add(line);
                }
            } catch (IOException e) {
                // the driver ended
            }
        }, "browser-driver-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code node script} (a module's driver script) in the script's directory; screenshots go to
     * {@code artifacts}, the driver's log to {@code artifacts/driver.log}.
     */
    public static BrowserDriver launch(Path script, Path artifacts) throws IOException {
        requireTools();
        Files.createDirectories(artifacts);
        ProcessBuilder pb = new ProcessBuilder("node", script.getFileName().toString())
                .directory(script.toAbsolutePath().getParent().toFile())
                .redirectError(artifacts.resolve("driver.log").toFile());
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        pb.environment().put("ARTIFACTS", artifacts.toAbsolutePath().toString());
        return new BrowserDriver(pb.start());
    }

    /**
     * {@code test-support/browser} of this checkout: found from the working directory (a module's, as
     * Maven runs tests) upwards.
     */
    public static Path driverDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("test-support/browser");
            if (Files.isRegularFile(candidate.resolve("driver.mjs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("test-support/browser/driver.mjs not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Chromium comes from Debian (.ci/apt-packages), playwright-core from npm (bin/test runs npm ci in
     * test-support/browser); a developer who has not run npm ci gets it done here, once.
     */
    public static void requireTools() throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: apt-get install chromium (listed in .ci/apt-packages)");
        }
        Path dir = driverDir();
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            int exit = NodeProcess.run(dir, Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund").exitCode();
            if (exit != 0) {
                throw new IllegalStateException("npm ci in " + dir + " failed with exit code " + exit);
            }
        }
    }

    /** Sends a command and returns its value; fails the test when the driver reports an error. */
    public JsonNode call(String cmd, Map<String, ?> args, Duration timeout) {
        int id = nextId++;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        request.put("cmd", cmd);
        request.put("args", args);
        try {
            commands.write(ContractJson.mapper().writeValueAsString(request) + "\n");
            commands.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? answers.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new AssertionError("the browser driver did not answer '" + cmd + "' within " + timeout
                            + (node.isAlive() ? "" : " (it exited with " + node.exitValue() + "; see driver.log)"));
                }
                JsonNode answer = ContractJson.mapper().readTree(line);
                if (answer.path("id").asInt() != id) {
                    continue;
                }
                if (!answer.path("ok").asBoolean()) {
                    throw new AssertionError("browser: " + cmd + " " + args + " failed: " + answer.path("error").asString()
                            + (answer.hasNonNull("screenshot") ? "\nscreenshot: " + answer.path("screenshot").asString() : ""));
                }
                return answer.path("value");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot talk to the browser driver", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public JsonNode call(String cmd, Map<String, ?> args) {
        return call(cmd, args, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        try {
            if (node.isAlive()) {
                call("close", Map.of(), Duration.ofSeconds(15));
            }
        } catch (AssertionError e) {
            // ending anyway
        } finally {
            try {
                node.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Chromium is the driver's child: end it explicitly should the driver not have.
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
    }
}
