package io.incidentfeeds.localstack.component;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The stream processor from its runnable jar in a child JVM. It creates the pipeline's topics at
 * start, so it starts before the Connect worker and the edge. Its Streams state lives under
 * {@code data.dir/processor-state}, so a second run restores instead of rebuilding.
 */
public final class StreamProcessorComponent extends ChildJvmComponent {

    private final Path dataDir;
    private final Path logDir;
    private final String heap;
    private final Path jar;
    private final int httpPort;
    private final int partitions;
    private final String bootstrapServers;
    private String name = "processor";
    private Map<String, String> settings = Map.of();
    /** {@code topics.replication-factor}; -1: the broker's {@code default.replication.factor}. */
    private int replicationFactor = -1;
    private KafkaAccess access = KafkaAccess.PLAINTEXT;
    /** Set on a secured broker: the admin creates the topics before the processor runs as itself. */
    private KafkaAccess admin;

    public StreamProcessorComponent(Path dataDir, Path logDir, String heap, Path jar, int httpPort, int partitions,
                                    String bootstrapServers) {
        super(Duration.ofSeconds(40));
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.heap = heap;
        this.jar = jar;
        this.httpPort = httpPort;
        this.partitions = partitions;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Makes this one instance of several: its own name (log, configuration and state directories:
     * {@code data.dir/<name>}, {@code data.dir/<name>-state}) and processor settings added to the
     * stack's ({@code kafka.num.standby.replicas}, ...).
     */
    public StreamProcessorComponent instance(String instanceName, Map<String, String> instanceSettings) {
        this.name = instanceName;
        this.settings = Map.copyOf(instanceSettings);
        return this;
    }

    /**
     * The replication factor of the topics it creates and of Kafka Streams' internal topics
     * ({@code topics.replication-factor}, which sets Streams' {@code replication.factor}).
     */
    public StreamProcessorComponent replicationFactor(int replicas) {
        this.replicationFactor = replicas;
        return this;
    }

    /**
     * Runs the processor as its own principal ({@code access}), with {@code topics.provisioning=check}:
     * the topics are created first by a run of the jar with {@code --provision} as the admin.
     */
    public StreamProcessorComponent secured(KafkaAccess processor, KafkaAccess provisioner) {
        this.access = processor;
        this.admin = provisioner;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Duration timeout) throws Exception {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "kafka.state.dir", dataDir.resolve(name + "-state").toAbsolutePath().toString(),
                "topics.provisioning", "create",
                "topics.partitions", Integer.toString(partitions),
                "topics.replication-factor", Integer.toString(replicationFactor),
                "http.port", Integer.toString(httpPort),
                "http.bind-address", "127.0.0.1"));
        values.putAll(settings);
        if (admin != null) {
            provision(values, timeout);
            values.put("topics.provisioning", "check");
        }
        access.settings().forEach((key, value) -> values.put("kafka." + key, value));
        Path config = PropertiesFile.write(dataDir.resolve(name).resolve("processor.properties"), values);
        jvm = ChildJvm.jar(name(), logDir, heap, access.jvmArgs(), jar, List.of("--config", config.toString()), Map.of());
        jvm.start(Probes.httpOk(healthUrl(), "\"running\""), timeout);
    }

    /** {@code stream-processor.jar --provision} as the admin: creates and checks the topics, then exits. */
    private void provision(Map<String, String> values, Duration timeout) throws Exception {
        Map<String, String> asAdmin = new java.util.HashMap<>(values);
        admin.settings().forEach((key, value) -> asAdmin.put("kafka." + key, value));
        asAdmin.put("http.port", "-1");
        Path config = PropertiesFile.write(dataDir.resolve(name).resolve("provision.properties"), asAdmin);
        ChildJvm.jar(name() + "-provision", logDir, heap, admin.jvmArgs(), jar, List.of("--config", config.toString(), "--provision"), Map.of())
                .runToCompletion(timeout);
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + httpPort + "/health";
    }


    @Override
    public String address() {
        return healthUrl() + " and /metrics";
    }
}
