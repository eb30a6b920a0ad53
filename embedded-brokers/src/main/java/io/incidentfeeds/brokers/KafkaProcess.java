package io.incidentfeeds.brokers;

import io.incidentfeeds.brokers.secrets.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft combined mode: broker and controller) in a child JVM, started from the
 * Kafka jars on this JVM's class path ({@code kafka.Kafka server.properties}): a single node, or one
 * node of a {@link KafkaCluster}.
 *
 * <p>Unlike the in-JVM broker it can be killed ({@code SIGKILL}) and started again on the same
 * ports and data directory, which is what fault tests and the local stack need.
 *
 * <p>{@link #withScram} starts it secured instead: SASL listeners only (SASL_SSL with a
 * {@link KafkaTls}, else SASL_PLAINTEXT), KRaft's {@code StandardAuthorizer}, and one super user,
 * the admin (SCRAM-SHA-512 on the client listener, its credential written at format time; PLAIN
 * between broker and controller, where KRaft does not take SCRAM). Every other principal gets only
 * what ACLs grant it.
 */
public final class KafkaProcess implements ScramBroker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProcess.class);
    private static final String CLUSTER_ID = "incidentfeeds-local-0001";

    private final Path dataDir;
    private final int nodeId;
    private final int brokerPort;
    private final int controllerPort;
    /** {@code controller.quorum.voters}; null: this node alone. */
    private final String voters;
    private final Map<String, String> overrides;
    /** The admin's password on a secured broker ({@link #withScram}); null: PLAINTEXT, no authorizer. */
    private final String adminPassword;
    /** A secured broker's TLS material; null: its SASL listeners are SASL_PLAINTEXT. */
    private final KafkaTls tls;
    private Process process;

    /** The super user of a broker started {@link #withScram}. */
    public static final String ADMIN = "admin";
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9._~-]+");
    /** The child JVM's {@code -Xmx} unless {@link #heap} says otherwise. */
    public static final String DEFAULT_HEAP = "512m";
    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    private String heap = DEFAULT_HEAP;

    /**
     * @param dataDir    logs, metadata and the broker's own log file live here; kept across restarts
     * @param brokerPort the plaintext client port (0: a free one)
     * @param overrides  extra broker settings
     */
    public KafkaProcess(Path dataDir, int brokerPort, Map<String, String> overrides) {
        this(dataDir, 1, brokerPort == 0 ? freePort() : brokerPort, freePort(), null, overrides, null, null);
    }

    /**
     * A single node on a free port, secured: SASL_PLAINTEXT (SCRAM-SHA-512) for clients,
     * {@code StandardAuthorizer}, {@code super.users} only {@value #ADMIN} with {@code adminPassword}.
     * {@link #clientProperties()} signs in as the admin; other users are made through the Admin API.
     */
    public static KafkaProcess withScram(Path dataDir, String adminPassword, Map<String, String> overrides) {
        return withScram(dataDir, 0, adminPassword, null, overrides);
    }

    /**
     * The same on {@code brokerPort} (0: a free one); with {@code tls} both listeners are SASL_SSL
     * (the broker's key store from it), and {@link #scramClientProperties} trust its CA.
     */
    public static KafkaProcess withScram(Path dataDir, int brokerPort, String adminPassword, KafkaTls tls,
                                         Map<String, String> overrides) {
        return new KafkaProcess(dataDir, 1, brokerPort == 0 ? freePort() : brokerPort, freePort(), null, overrides,
                adminPassword, tls);
    }

    private KafkaProcess(Path dataDir, int nodeId, int brokerPort, int controllerPort, String voters,
                         Map<String, String> overrides, String adminPassword, KafkaTls tls) {
        if (adminPassword != null && !PASSWORD.matcher(adminPassword).matches()) {
            throw new IllegalArgumentException("the admin's password must be letters, digits and ._~- only: it goes"
                    + " unescaped into JAAS settings and kafka-storage's SCRAM syntax (Passwords.newPassword() makes such)");
        }
        this.adminPassword = adminPassword;
        this.tls = tls;
        this.dataDir = dataDir;
        this.nodeId = nodeId;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.voters = voters;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * One combined broker+controller node of a cluster whose quorum is {@code voters}
     * ({@code id@host:port,...}, this node's controller port among them): see {@link KafkaCluster}.
     * With {@code adminPassword} (and {@code tls}) secured as {@link #withScram} secures a lone node.
     */
    static KafkaProcess clusterNode(Path dataDir, int nodeId, int brokerPort, int controllerPort, String voters,
                                    Map<String, String> overrides, String adminPassword, KafkaTls tls) {
        return new KafkaProcess(dataDir, nodeId, brokerPort, controllerPort, voters, overrides, adminPassword, tls);
    }

    /**
     * The child JVM's maximum heap ({@code -Xmx}), as the JVM writes it: {@code 512m}, {@code 1g};
     * taken at the next {@link #start}.
     */
    public synchronized KafkaProcess heap(String heap) {
        if (heap == null || !HEAP.matcher(heap).matches()) {
            throw new IllegalArgumentException("a Kafka heap is a size as -Xmx takes it (512m, 1g), not " + heap);
        }
        this.heap = heap;
        return this;
    }

    public int nodeId() {
        return nodeId;
    }

    /** The running broker's process, to inspect (its command line, its CPU time); empty when it is not running. */
    public synchronized Optional<ProcessHandle> processHandle() {
        return isRunning() ? Optional.of(process.toHandle()) : Optional.empty();
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The admin's client properties on a secured broker; on a plaintext one, only {@code bootstrap.servers}. */
    @Override
    public Properties clientProperties() {
        return adminPassword == null ? ScramBroker.super.clientProperties() : scramClientProperties(ADMIN, adminPassword);
    }

    /** Client properties that sign in to this (secured) broker as {@code user}. */
    @Override
    public Properties scramClientProperties(String user, String password) {
        Properties props = securityProperties();
        props.put("sasl.jaas.config", scramJaas(user, password));
        return props;
    }

    /**
     * What every client of this secured broker sets besides its credential: bootstrap servers,
     * {@code security.protocol}, {@code sasl.mechanism} and, over TLS, the CA to trust. The
     * credential goes in {@code sasl.jaas.config}, or in a JAAS file's {@code KafkaClient} section.
     */
    @Override
    public Properties securityProperties() {
        Properties props = ScramBroker.super.clientProperties();
        props.put("security.protocol", securityProtocol());
        props.put("sasl.mechanism", SCRAM_MECHANISM);
        if (tls != null) {
            props.putAll(tls.clientSettings());
        }
        return props;
    }

    /** {@code sasl.jaas.config} (or a JAAS file's section body) that signs in as {@code user} with SCRAM. */
    public static String scramJaas(String user, String password) {
        return jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password, "");
    }

    private String securityProtocol() {
        return tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
    }

    private static String jaas(String module, String user, String password, String extra) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\"" + extra + ";";
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Formats the log directory on first use, starts the broker and waits until it listens. */
    public synchronized Duration start(Duration timeout) {
        if (isRunning()) {
            return Duration.ZERO;
        }
        Instant begin = Instant.now();
        try {
            Files.createDirectories(dataDir);
            Path config = writeConfig();
            if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
                format(config);
            }
            process = java("kafka.Kafka", config.toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile()))
                    .redirectErrorStream(true)
                    .start();
            waitUntilListening(timeout);
            Duration took = Duration.between(begin, Instant.now());
            LOG.info("Kafka node {} (KRaft, child JVM pid {}) ready at {} in {} ms", nodeId, process.pid(), bootstrapServers(), took.toMillis());
            return took;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code kafka-storage format}, with the admin's SCRAM credential on a secured broker. Its
     * arguments go in an owner-only argument file ({@code java @format.args}, main class included:
     * the launcher expands it, and a command line is every user's to read with {@code ps}), deleted
     * once the format is done.
     */
    private void format(Path config) throws IOException, InterruptedException {
        List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "-t", CLUSTER_ID,
                "-c", config.toString(), "--ignore-formatted"));
        if (adminPassword != null) {
            format.addAll(List.of("--add-scram", SCRAM_MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
        }
        Path args = OwnerOnlyFile.write(dataDir.resolve("format.args"), argumentFile(format));
        try {
            int exit = java("@" + args)
                    .redirectOutput(dataDir.resolve("format.log").toFile())
                    .redirectErrorStream(true)
                    .start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kafka storage format failed (exit " + exit + "), see " + dataDir.resolve("format.log"));
            }
        } finally {
            Files.deleteIfExists(args);
        }
    }

    /** The java launcher's {@code @file} syntax: one argument a line, in double quotes, backslashes and quotes escaped. */
    static String argumentFile(List<String> arguments) {
        StringBuilder file = new StringBuilder();
        for (String argument : arguments) {
            file.append('"').append(argument.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
        return file.toString();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the broker at once (SIGKILL): no controlled shutdown, as in a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** Stops the broker gracefully (SIGTERM: controlled shutdown). */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            awaitExit();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private Path writeConfig() throws IOException {
        Properties props = new Properties();
        props.putAll(BrokerDefaults.singleNode());
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", voters != null ? voters : nodeId + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("logs").toString());
        if (adminPassword != null) {
            secure(props);
        }
        props.putAll(overrides);
        // Owner-only: a secured broker's file holds the admin's password and the key store's.
        StringWriter text = new StringWriter();
        props.store(text, "written by " + KafkaProcess.class.getName());
        return OwnerOnlyFile.write(dataDir.resolve("server.properties"), text.toString());
    }

    /** SASL (over TLS with {@link #tls}) on both listeners, the authorizer, the admin as the only super user. */
    private void secure(Properties props) {
        props.put("listeners", "BROKER://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "BROKER://127.0.0.1:" + brokerPort);
        props.put("inter.broker.listener.name", "BROKER");
        props.put("listener.security.protocol.map", "BROKER:" + securityProtocol() + ",CONTROLLER:" + securityProtocol());
        if (tls != null) {
            props.putAll(tls.brokerSettings());
        }
        props.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
        props.put("listener.name.broker.sasl.enabled.mechanisms", SCRAM_MECHANISM);
        props.put("listener.name.broker.scram-sha-512.sasl.jaas.config",
                jaas("org.apache.kafka.common.security.scram.ScramLoginModule", ADMIN, adminPassword, ""));
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config",
                jaas("org.apache.kafka.common.security.plain.PlainLoginModule", ADMIN, adminPassword,
                        " user_" + ADMIN + "=\"" + adminPassword + "\""));
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + ADMIN);
    }

    /** {@code java -cp <this JVM's class path> mainClassAndArgs} (or {@code @argumentFile}). */
    private ProcessBuilder java(String... mainClassAndArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-Dlogback.configurationFile=" + loggingConfig());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(List.of(mainClassAndArgs));
        return new ProcessBuilder(command);
    }

    private String loggingConfig() {
        Path file = dataDir.resolve("logback.xml");
        try {
            Files.writeString(file, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>[%d] %-5level %msg (%logger)%n</pattern></encoder>
                      </appender>
                      <logger name="org.apache.kafka" level="INFO"/>
                      <logger name="kafka" level="INFO"/>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toString();
    }

    private void waitUntilListening(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + ", see " + dataDir.resolve("broker.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Kafka broker not listening on " + bootstrapServers() + " after " + timeout);
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
