package io.incidentfeeds.connect.mqtt.testkit;

import io.incidentfeeds.brokers.KafkaProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A stock Kafka Connect worker ({@code ConnectStandalone}) in a child JVM that loads the connector
 * only from the plugin directory, through {@code plugin.path}: its class path is this JVM's minus
 * the connector's classes and every jar the plugin ships. It can be killed (SIGKILL) like a crashed
 * worker and started again on the same offsets file and REST port.
 */
public final class ChildWorker implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final Path pluginPath;
    private final Map<String, String> connector;
    private final Map<String, String> worker;
    private final int restPort = KafkaProcess.freePort();
    private Process process;

    /**
     * @param pluginPath the directory that holds {@code incident-feeds-mqtt-source/}
     */
    public ChildWorker(Path dir, String bootstrapServers, Path pluginPath, Map<String, String> connector) {
        this.dir = dir;
        this.pluginPath = pluginPath;
        this.connector = Map.copyOf(connector);
        this.worker = new java.util.HashMap<>(InProcessWorker.workerProperties(bootstrapServers, dir));
        worker.put("listeners", "http://127.0.0.1:" + restPort);
        worker.put("plugin.path", pluginPath.toAbsolutePath().toString());
    }

    public String name() {
        return connector.get("name");
    }

    /** Starts the worker and waits until the connector's task runs. */
    public void start(Duration timeout) {
        try {
            Files.createDirectories(dir);
            Path workerFile = write("worker.properties", worker);
            Path connectorFile = write("connector.properties", connector);
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Dlogback.configurationFile=" + loggingConfig(), "-cp", classPath(),
                    "org.apache.kafka.connect.cli.ConnectStandalone", workerFile.toString(), connectorFile.toString());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("worker.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Eventually.holds(timeout, "child worker running " + name() + " (see " + dir.resolve("worker.log") + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("worker exited with " + process.exitValue() + ", see " + dir.resolve("worker.log"));
            }
            String status = get("/connectors/" + name() + "/status");
            return status != null && status.split("\"state\":\"RUNNING\"", -1).length - 1 >= 2; // connector and task 0
        });
    }

    /** GET on the worker's REST API; null when it does not answer (yet). */
    public String get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** SIGKILL: no task stop, no producer flush, no offset commit; as in a crash. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This JVM's class path without anything the plugin brings: the worker can only find it in plugin.path. */
    private String classPath() throws IOException {
        Set<String> pluginJars;
        try (Stream<Path> jars = Files.walk(pluginPath)) {
            pluginJars = jars.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).collect(Collectors.toSet());
        }
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String normalized = entry.replace(File.separatorChar, '/');
            boolean ours = normalized.endsWith("/target/classes") || normalized.endsWith("/target/test-classes");
            if (!ours && !pluginJars.contains(Path.of(entry).getFileName().toString())) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    private Path write(String file, Map<String, String> values) throws IOException {
        Properties props = new Properties();
        props.putAll(values);
        Path path = dir.resolve(file);
        try (Writer out = Files.newBufferedWriter(path)) {
            props.store(out, null);
        }
        return path;
    }

    private String loggingConfig() throws IOException {
        Path file = dir.resolve("worker-logback.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="io.incidentfeeds" level="INFO"/>
                  <logger name="org.apache.kafka.connect.runtime.isolation" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        return file.toString();
    }

    /** The plugin directory the build made, as the failsafe configuration passes it. */
    public static Path pluginDirectory() {
        String configured = System.getProperty("ingest.plugin.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("target", "plugin");
        if (!Files.isDirectory(dir.resolve("incident-feeds-mqtt-source"))) {
            throw new IllegalStateException(dir.toAbsolutePath() + " has no incident-feeds-mqtt-source/: run mvn package first");
        }
        return dir;
    }
}
