package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.connect.mqtt.testkit.BackgroundPublisher;
import io.incidentfeeds.connect.mqtt.testkit.ChildWorker;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorUnderTest;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.WithMqtt;
import io.incidentfeeds.testsupport.WithKafka;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as shipped (target/plugin, built in the package phase) in a stock worker: loaded
 * through plugin.path, configured from its own sample, and killed (SIGKILL) mid-stream.
 */
@WithKafka
@WithMqtt
class PackagedPluginIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Path PLUGIN_PATH = ChildWorker.pluginDirectory();
    private static final Path PLUGIN = PLUGIN_PATH.resolve("incident-feeds-mqtt-source");

    @Test
    void thePluginShipsItsDependenciesButNotWhatTheWorkerProvides() throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(PLUGIN.resolve("lib"))) {
            jars = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).anyMatch(j -> j.startsWith("ingest-connector-"))
                .anyMatch(j -> j.startsWith("hivemq-mqtt-client-"))
                .anyMatch(j -> j.startsWith("netty-handler-"))
                .anyMatch(j -> j.startsWith("schemas-"))
                .anyMatch(j -> j.startsWith("jackson-core-3.")); // RawRecordKey's parser; Jackson 3, not the worker's 2
        assertThat(jars).noneMatch(j -> j.startsWith("kafka-") || j.startsWith("connect-") || j.startsWith("slf4j-")
                || j.startsWith("jackson-databind") || j.startsWith("jackson-annotations") || j.startsWith("jackson-core-2.")
                || j.startsWith("test-support") || j.startsWith("embedded-brokers") || j.startsWith("logback-"));
    }

    @Test
    void theSampleConfigurationsAgreeAndPassValidation() throws IOException {
        Map<String, String> properties = sampleProperties();
        JsonNode json = new ObjectMapper().readTree(PLUGIN.resolve("etc/connect-mqtt-source.json").toFile());
        Map<String, String> fromJson = new HashMap<>();
        json.get("config").fields().forEachRemaining(e -> fromJson.put(e.getKey(), e.getValue().asText()));
        fromJson.put("name", json.get("name").asText());
        assertThat(fromJson).isEqualTo(properties);
        List<ConfigValue> errors = new MqttSourceConnector().validate(properties).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty()).toList();
        assertThat(errors).isEmpty();
    }

    @Test
    void aStockWorkerLoadsThePluginAndLosesNothingWhenKilled(KafkaBroker kafka, MqttTestBroker mqtt, @TempDir Path dir)
            throws Exception {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "packaged", 3)) {
            // The shipped sample, pointed at this test's broker, filter and topic.
            Map<String, String> config = sampleProperties();
            config.putAll(connector.config());
            config.put("mqtt.client.id", connector.name());
            ChildWorker worker = new ChildWorker(dir, kafka.bootstrapServers(), PLUGIN_PATH, config);
            try {
                worker.start(TIMEOUT);
                assertThat(worker.get("/connector-plugins"))
                        .contains(MqttSourceConnector.class.getName())
                        .contains("\"version\":\"" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + "\"");
                List<String> published;
                try (BackgroundPublisher units = new BackgroundPublisher(connector.publisher(), 2000, 500)) {
                    units.outage(kafka.bootstrapServers(), connector.topic(), 400, worker::kill, 400, TIMEOUT);
                    worker.start(TIMEOUT);
                    published = units.awaitAll(60);
                }
                WorkerRestartTest.assertEveryDuplicateWasFlaggedByTheBroker(
                        connector.assertAllArrived("worker SIGKILL", published, TIMEOUT));
            } finally {
                worker.close();
            }
        }
    }

    private static Map<String, String> sampleProperties() throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(PLUGIN.resolve("etc/connect-mqtt-source.properties"))) {
            props.load(in);
        }
        Map<String, String> map = new HashMap<>();
        props.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }
}
