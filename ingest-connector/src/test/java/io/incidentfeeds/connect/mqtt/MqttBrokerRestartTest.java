package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorUnderTest;
import io.incidentfeeds.connect.mqtt.testkit.Eventually;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.TaskMetricsReader;
import io.incidentfeeds.connect.mqtt.testkit.TelemetryPublisher;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT broker goes away under a running connector. With persistence it comes back with the
 * session and the connector resumes it; without (a fresh broker on the same address) the session
 * is gone and the connector must subscribe again: connectors that relied on the session, or on the
 * client library, stopped receiving for good (lensesio/stream-reactor#419).
 */
@WithKafka
class MqttBrokerRestartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @BeforeEach
    void needsItsOwnBroker() {
        MqttTestBroker.assumeEmbedded();
    }

    @Test
    void aPersistentBrokerRestartLosesNothingInFlightOrQueued(KafkaBroker kafka, @TempDir Path dir) {
        try (EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker(dir.resolve("mqtt"))) {
            mqtt.start();
            try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, mqtt.uri(), "broker-restart", 1);
                 InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                TelemetryPublisher publisher = connector.publisher();
                // Stop the broker right after a burst, while the connector still has much of it in flight.
                List<String> published = new ArrayList<>(publisher.publishRange(0, 1000));
                mqtt.stop();
                mqtt.start();
                publisher.reconnect();
                published.addAll(publisher.publishRange(1000, 1500));

                WorkerRestartTest.assertEveryDuplicateWasFlaggedByTheBroker(
                        connector.assertAllArrived("persistent broker restart", published, TIMEOUT));
                assertThat(TaskMetricsReader.value(connector.name(), 0, "connections-lost-total")).isEqualTo(1);
            }
        }
    }

    @Test
    void aBrokerThatLostTheSessionIsSubscribedToAgain(KafkaBroker kafka, @TempDir Path dir) {
        try (EmbeddedMqttBroker first = new EmbeddedMqttBroker(dir.resolve("mqtt-1"))) {
            first.start();
            try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, first, first.uri(), "session-lost", 1);
                 InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                TelemetryPublisher publisher = connector.publisher();
                connector.assertAllArrived("before the loss", publisher.publishRange(0, 100), TIMEOUT);

                // Same address and accounts, empty data folder: no session, no subscription.
                first.stop();
                try (EmbeddedMqttBroker second = new EmbeddedMqttBroker(dir.resolve("mqtt-2"), first.port(), null, 1_000_000, first.accounts())) {
                    second.start();
                    Eventually.holds(TIMEOUT, "connected to the new broker", () ->
                            TaskMetricsReader.value(connector.name(), 0, "connected") == 1
                                    && TaskMetricsReader.value(connector.name(), 0, "connections-lost-total") == 1);
                    publisher.reconnect();
                    connector.assertAllArrived("after the session was lost", publisher.publishRange(100, 300), TIMEOUT);
                }
            }
        }
    }
}
