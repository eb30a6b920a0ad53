package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.connect.mqtt.testkit.BackgroundPublisher;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorUnderTest;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.TaskMetricsReader;
import io.incidentfeeds.connect.mqtt.testkit.WithMqtt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka is killed (SIGKILL) while telemetry keeps arriving. Nothing is acknowledged to the MQTT
 * broker that Kafka has not acknowledged, so nothing is lost; and the task does not buffer the
 * outage in its heap: it holds at most its in-flight bound, and the broker queues the rest.
 */
@WithMqtt
class KafkaRestartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /**
     * Small enough to bind: unbounded, a burst puts more than this in flight (14 seen with HiveMQ CE),
     * so a connector that did not announce it as its receive maximum would fail the last assertion.
     */
    private static final int IN_FLIGHT_BOUND = 5;

    @Test
    void killingKafkaLosesNothingAndTheTaskHoldsNoMoreThanItsBound(MqttTestBroker mqtt, @TempDir Path dir) throws Exception {
        try (KafkaProcess kafka = new KafkaProcess(dir.resolve("kafka"), 0, Map.of())) {
            kafka.start(TIMEOUT);
            try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "kafka-restart", 1)) {
                String name = connector.name();
                connector.config().put("mqtt.max.inflight.messages", Integer.toString(IN_FLIGHT_BOUND));
                try (InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                    List<String> published;
                    try (BackgroundPublisher units = new BackgroundPublisher(connector.publisher(), 2000, 400)) {
                        units.outage(kafka.bootstrapServers(), connector.topic(), 300, kafka::kill, 400, TIMEOUT);
                        // The task stopped taking messages: it holds no more than its bound, the broker queues the rest.
                        assertThat(TaskMetricsReader.value(name, 0, "in-flight-messages")).isLessThanOrEqualTo(IN_FLIGHT_BOUND);
                        assertThat(TaskMetricsReader.value(name, 0, "messages-received-total"))
                                .isLessThan(units.publishedCount());
                        kafka.start(TIMEOUT);
                        published = units.awaitAll(90);
                    }
                    connector.assertAllArrived("Kafka kill", published, TIMEOUT);
                    assertThat(TaskMetricsReader.value(name, 0, "in-flight-messages-max"))
                            .as("most messages the task ever held").isLessThanOrEqualTo(IN_FLIGHT_BOUND);
                }
            }
        }
    }
}
