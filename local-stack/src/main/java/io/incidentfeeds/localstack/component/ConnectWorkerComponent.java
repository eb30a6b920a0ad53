package io.incidentfeeds.localstack.component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A stock Kafka Connect worker (standalone mode, {@code ConnectStandalone}) in a child JVM, which
 * loads {@code ingest-connector} from its plugin directory through {@code plugin.path} exactly as
 * an operator's worker would, and runs one MQTT source connector.
 */
public final class ConnectWorkerComponent extends ChildJvmComponent {

    public static final String CONNECTOR_NAME = "mqtt-incident-telemetry";

    private final Path dataDir;
    private final Path logDir;
    private final String heap;
    private final Path pluginDir;
    private final int restPort;
    private final String bootstrapServers;
    private final String mqttUri;

    public ConnectWorkerComponent(Path dataDir, Path logDir, String heap, Path pluginDir, int restPort,
                                  String bootstrapServers, String mqttUri) {
        super(Duration.ofSeconds(30));
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.heap = heap;
        this.pluginDir = pluginDir;
        this.restPort = restPort;
        this.bootstrapServers = bootstrapServers;
        this.mqttUri = mqttUri;
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
        jvm = ChildJvm.mainClass(name(), logDir, heap, List.of(), System.getProperty("java.class.path"),
                "org.apache.kafka.connect.cli.ConnectStandalone", List.of(worker.toString(), connector.toString()), Map.of());
        jvm.start(Probes.httpOk(restUrl() + "/connectors/" + CONNECTOR_NAME + "/status", "\"RUNNING\""), timeout);
    }

    private Map<String, String> workerProperties(Path dir) {
        return Map.of(
                "bootstrap.servers", bootstrapServers,
                "listeners", "http://127.0.0.1:" + restPort,
                "plugin.path", pluginDir.toAbsolutePath().toString(),
                // Keys are MQTT topic names, values the payload bytes, both passed through untouched.
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                "offset.storage.file.filename", dir.resolve("offsets").toString(),
                "offset.flush.interval.ms", "1000",
                // Record headers as the connector sets them (strings), not converted by JSON.
                "header.converter", "org.apache.kafka.connect.storage.SimpleHeaderConverter");
    }

    private Map<String, String> connectorProperties() {
        return Map.of(
                "name", CONNECTOR_NAME,
                "connector.class", "io.incidentfeeds.connect.mqtt.MqttSourceConnector",
                "tasks.max", "1",
                "mqtt.server.uri", mqttUri,
                "mqtt.topics", "incident/+/+/telemetry",
                "kafka.topic", "incidents.raw",
                "mqtt.qos", "1",
                // A stable client id: the broker keeps this session's queue while the worker is down.
                "mqtt.client.id", "local-stack-ingest",
                "mqtt.clean.session.enabled", "false");
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }


    @Override
    public String address() {
        return restUrl() + "/connectors/" + CONNECTOR_NAME;
    }
}
