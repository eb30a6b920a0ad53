package io.incidentfeeds.connect.mqtt.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Debian's command-line MQTT clients, {@code mosquitto_pub} and {@code mosquitto_sub}, run with
 * {@code -d} so that what the broker answered (CONNACK, PUBACK and PUBREC with their reason codes,
 * SUBACK) is printed and can be checked.
 */
public final class MosquittoClients {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private MosquittoClients() {
    }

    /** What a finished client printed, and its exit code. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + stdout + stderr;
        }
    }

    /** Runs {@code mosquitto_pub -d} with the arguments, to its end. */
    public static Result pub(String... args) {
        return run("mosquitto_pub", args);
    }

    /**
     * Runs {@code mosquitto_sub -d -W 2} with the arguments: it subscribes, prints the SUBACK, and
     * ends after 2 s (or at once when every subscription was refused).
     */
    public static Result subscribeOnce(String... args) {
        List<String> all = new ArrayList<>(List.of("-W", "2"));
        all.addAll(List.of(args));
        return run("mosquitto_sub", all.toArray(String[]::new));
    }

    private static Result run(String tool, String... args) {
        List<String> command = new ArrayList<>(List.of(tool, "-d"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = readAll(process.getInputStream());
            CompletableFuture<String> err = readAll(process.getErrorStream());
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(tool + " did not finish: " + command);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A {@code mosquitto_sub -d -v} that collects what it prints, subscribed when {@link #start} returns. */
    public static final class Sub implements AutoCloseable {

        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private Sub(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            }, "mosquitto_sub");
            reader.setDaemon(true);
            reader.start();
        }

        /** Starts the subscriber and waits for its SUBACK. */
        public static Sub start(String... args) {
            // stdbuf: mosquitto_sub's stdio buffers a pipe fully; line by line, the SUBACK is seen when it comes.
            List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-d", "-v"));
            command.addAll(List.of(args));
            try {
                Sub sub = new Sub(new ProcessBuilder(command).redirectErrorStream(true).start());
                Eventually.holds(TIMEOUT, "mosquitto_sub subscribed: " + command,
                        () -> sub.lines.stream().anyMatch(l -> l.startsWith("Subscribed")) || !sub.process.isAlive());
                if (!sub.process.isAlive()) {
                    throw new AssertionError("mosquitto_sub ended: " + sub.lines);
                }
                return sub;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The messages received so far, as {@code "topic payload"} lines. */
        public List<String> messages() {
            return lines.stream().filter(l -> !l.startsWith("Client ") && !l.startsWith("Subscribed")).toList();
        }

        public List<String> output() {
            return List.copyOf(lines);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<String> readAll(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
