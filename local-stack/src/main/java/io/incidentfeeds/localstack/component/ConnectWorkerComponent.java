package io.incidentfeeds.localstack.component;

import io.incidentfeeds.brokers.mqtt.MqttAccounts;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stock Kafka Connect worker (standalone mode, {@code ConnectStandalone}) in a child JVM, which
 * loads {@code ingest-connector} from its plugin directory through {@code plugin.path} exactly as
 * an operator's worker would, and runs one MQTT source connector. The worker's and the connector's
 * JMX metrics are served in Prometheus' format by the Prometheus JMX exporter agent, with the
 * deployment's rules ({@code deploy/connect/jmx-exporter.yml}), on {@code http://127.0.0.1:<metricsPort>/metrics}.
 * With an MQTT account, the connector signs in as {@code ingest-connector} with the password that
 * the worker's {@code FileConfigProvider} reads from the stack's owner-only file, as in the
 * deployment, so that no configuration file holds it.
 */
public final class ConnectWorkerComponent extends ChildJvmComponent {

    public static final String CONNECTOR_NAME = "mqtt-incident-telemetry";
    private static final String AGENT_JAR = "jmx_prometheus_javaagent-";

    private final Path dataDir;
    private final Path logDir;
    private final String heap;
    private final Path pluginDir;
    private final int restPort;
    private final String bootstrapServers;
    private final String mqttUri;
    private final int metricsPort;
    private final Path metricsRules;
    private final Path mqttPasswordFile;
    private int tasks = 1;
    private KafkaAccess access = KafkaAccess.PLAINTEXT;

    /**
     * @param mqttPasswordFile a properties file whose {@code password} is the connector's MQTT
     *                         password (user {@code ingest-connector}), or null to connect without one
     */
    public ConnectWorkerComponent(Path dataDir, Path logDir, String heap, Path pluginDir, int restPort,
                                  String bootstrapServers, String mqttUri, int metricsPort, Path metricsRules,
                                  Path mqttPasswordFile) {
        super(Duration.ofSeconds(30));
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.heap = heap;
        this.pluginDir = pluginDir;
        this.restPort = restPort;
        this.bootstrapServers = bootstrapServers;
        this.mqttUri = mqttUri;
        this.metricsPort = metricsPort;
        this.metricsRules = metricsRules;
        this.mqttPasswordFile = mqttPasswordFile;
    }

    /**
     * Runs the connector with {@code maxTasks} tasks; above one they share the MQTT subscription
     * ({@code $share/<connector>/...}, MQTT 5), so that the broker gives each message to one task.
     */
    public ConnectWorkerComponent tasks(int maxTasks) {
        this.tasks = maxTasks;
        return this;
    }

    /**
     * The worker's principal: its own clients and, through the {@code producer.}, {@code consumer.}
     * and {@code admin.} overrides, the tasks' clients sign in with it.
     */
    public ConnectWorkerComponent kafkaAccess(KafkaAccess kafkaAccess) {
        this.access = kafkaAccess;
        return this;
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public void start(Duration timeout) throws Exception {
        if (!Files.isDirectory(pluginDir)) {
            throw new IllegalStateException("connect: plugin directory " + pluginDir + " does not exist; build it first (mvn -DskipTests install)");
        }
        Path dir = Files.createDirectories(dataDir.resolve("connect"));
        Path worker = PropertiesFile.write(dir.resolve("worker.properties"), workerProperties(dir));
        Path connector = PropertiesFile.write(dir.resolve(CONNECTOR_NAME + ".properties"), connectorProperties());
        if (!Files.isRegularFile(metricsRules)) {
            throw new IllegalStateException("connect: JMX exporter rules " + metricsRules + " do not exist");
        }
        // The agent is a dependency of this module so that Maven resolves it; the worker loads it as an agent only.
        List<String> classPath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        String agent = classPath.stream().filter(e -> Path.of(e).getFileName().toString().startsWith(AGENT_JAR)).findFirst()
                .orElseThrow(() -> new IllegalStateException("connect: " + AGENT_JAR + "*.jar is not on the class path"));
        String workerClassPath = String.join(File.pathSeparator, classPath.stream().filter(e -> !e.equals(agent)).toList());
        List<String> jvmArgs = new java.util.ArrayList<>(access.jvmArgs());
        jvmArgs.add("-javaagent:" + agent + "=127.0.0.1:" + metricsPort + ":" + metricsRules.toAbsolutePath());
        jvm = ChildJvm.mainClass(name(), logDir, heap, jvmArgs, workerClassPath,
                "org.apache.kafka.connect.cli.ConnectStandalone", List.of(worker.toString(), connector.toString()), Map.of());
        jvm.start(Probes.httpOk(restUrl() + "/connectors/" + CONNECTOR_NAME + "/status", "\"RUNNING\""), timeout);
    }

    private Map<String, String> workerProperties(Path dir) {
        Map<String, String> worker = new HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                // Connect's default, said: a record (and so its MQTT acknowledgement) waits for every in-sync replica.
                "producer.acks", "all",
                "listeners", "http://127.0.0.1:" + restPort,
                "plugin.path", pluginDir.toAbsolutePath().toString(),
                // Keys are MQTT topic names, values the payload bytes, both passed through untouched.
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                "offset.storage.file.filename", dir.resolve("offsets").toString(),
                "offset.flush.interval.ms", "1000",
                // Record headers as the connector sets them (strings), not converted by JSON.
                "header.converter", "org.apache.kafka.connect.storage.SimpleHeaderConverter"));
        // ${file:<path>:<key>} in the connector's settings, resolved when a task starts.
        worker.put("config.providers", "file");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        // Every plugin (ingest-connector's too) declares itself in a ServiceLoader manifest, so the
        // worker need not scan every class of its class path by reflection: a minute or more here.
        worker.put("plugin.discovery", "service_load");
        access.settings().forEach((key, value) -> {
            for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
                worker.put(prefix + key, value);
            }
        });
        return worker;
    }

    private Map<String, String> connectorProperties() {
        Map<String, String> connector = new HashMap<>(Map.of(
                "name", CONNECTOR_NAME,
                "connector.class", "io.incidentfeeds.connect.mqtt.MqttSourceConnector",
                "tasks.max", Integer.toString(tasks),
                "mqtt.server.uri", mqttUri,
                "mqtt.topics", "incident/+/+/telemetry",
                "kafka.topic", "incidents.raw",
                "mqtt.qos", "1",
                // A stable client id: the broker keeps this session's queue while the worker is down.
                "mqtt.client.id", "local-stack-ingest",
                "mqtt.clean.session.enabled", "false"));
        if (mqttPasswordFile != null) {
            connector.put("mqtt.username", MqttAccounts.CONNECTOR);
            connector.put("mqtt.password", "${file:" + mqttPasswordFile.toAbsolutePath() + ":password}");
        }
        return connector;
    }

    /** The worker's and the connector's metrics, Prometheus text. */
    public String metricsUrl() {
        return "http://127.0.0.1:" + metricsPort + "/metrics";
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }


    @Override
    public String address() {
        return restUrl() + "/connectors/" + CONNECTOR_NAME;
    }
}
