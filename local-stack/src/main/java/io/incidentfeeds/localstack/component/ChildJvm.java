package io.incidentfeeds.localstack.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A component in its own JVM, as the distributed deployment runs it: its own heap, class path and
 * log file ({@code data.dir/logs/<name>.log}). Stopped with SIGTERM so that it shuts down cleanly
 * (Kafka Streams commits, Connect stops its tasks), and killed if it has not exited in time.
 */
public final class ChildJvm {

    /** Decides when a launched JVM is ready. */
    @FunctionalInterface
    public interface Readiness {
        boolean isReady() throws Exception;
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final Path pidFile;
    private Process process;

    private ChildJvm(String name, List<String> command, Map<String, String> environment, Path logDir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logDir.resolve(name + ".log");
        this.pidFile = logDir.resolve(name + ".pid");
    }

    /** {@code java -Xmx<heap> [jvmArgs] -cp <classPath> <mainClass> args}. */
    public static ChildJvm mainClass(String name, Path logDir, String heap, List<String> jvmArgs, String classPath,
                                     String mainClass, List<String> args, Map<String, String> environment) {
        List<String> command = javaCommand(heap, jvmArgs);
        // Every child logs through the stack's one file, whatever logback configuration a jar on the class path carries.
        command.add("-Dlogback.configurationFile=local-stack-child-logback.xml");
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return new ChildJvm(name, command, environment, logDir);
    }

    /** {@code java -Xmx<heap> [jvmArgs] -jar <jar> args}. */
    public static ChildJvm jar(String name, Path logDir, String heap, List<String> jvmArgs, Path jar,
                               List<String> args, Map<String, String> environment) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " does not exist; build it first (mvn -DskipTests install)");
        }
        List<String> command = javaCommand(heap, jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return new ChildJvm(name, command, environment, logDir);
    }

    private static List<String> javaCommand(String heap, List<String> jvmArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(jvmArgs);
        return command;
    }

    /**
     * Starts the JVM, its output appended to its log, and records its pid in {@code <name>.pid} next
     * to the log, where {@link #killLeftovers} finds it if this launcher dies without stopping it.
     */
    private Process launch() throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        Process started = builder.start();
        Files.writeString(pidFile, Long.toString(started.pid()));
        return started;
    }

    /** Launches the JVM and waits until {@code readiness} says so, or fails with the log's tail. */
    public void start(Readiness readiness, Duration timeout) throws Exception {
        process = launch();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; last lines of "
                        + logFile + ":\n" + tail(20));
            }
            try {
                if (readiness.isReady()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; last lines of " + logFile + ":\n" + tail(20));
    }

    /** Runs a JVM that does one job and exits (a provisioning step): fails unless it exits with 0 within {@code timeout}. */
    public void runToCompletion(Duration timeout) throws Exception {
        Process job = launch();
        try {
            if (!job.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                job.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not finish within " + timeout + "; last lines of " + logFile + ":\n" + tail(20));
            }
            if (job.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with status " + job.exitValue() + "; last lines of " + logFile + ":\n" + tail(20));
            }
        } finally {
            if (!job.isAlive()) {
                Files.deleteIfExists(pidFile);
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is cleaned up by the next start
        }
    }

    /** SIGKILL at once, as in a crash. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Kills JVMs left behind by an earlier run whose launcher was itself killed (SIGKILL skips
     * shutdown hooks), so that ports are free. Only processes whose command line is a java
     * command are touched, in case a pid was reused.
     */
    public static void killLeftovers(Path logDir) throws IOException {
        if (!Files.isDirectory(logDir)) {
            return;
        }
        try (var pidFiles = Files.list(logDir)) {
            for (Path file : pidFiles.filter(p -> p.toString().endsWith(".pid")).toList()) {
                long pid;
                try {
                    pid = Long.parseLong(Files.readString(file).trim());
                } catch (NoSuchFileException exited) {
                    continue; // its JVM ended meanwhile and its launcher removed the file
                } catch (NumberFormatException torn) {
                    Files.deleteIfExists(file); // a launcher died while writing it: no pid to find
                    continue;
                }
                ProcessHandle.of(pid)
                        .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                        .ifPresent(p -> {
                            p.destroyForcibly();
                            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
                        });
                // A launcher waiting for that JVM (runToCompletion) may remove the file as it sees it end.
                Files.deleteIfExists(file);
            }
        }
    }
}
