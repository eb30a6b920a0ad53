package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.connect.mqtt.testkit.BackgroundPublisher;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorUnderTest;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.RawTopic;
import io.incidentfeeds.connect.mqtt.testkit.TelemetryPublisher;
import io.incidentfeeds.connect.mqtt.testkit.WithMqtt;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Connect worker stops and starts again while field units keep publishing. Users of other
 * connectors lost every message published meanwhile because the restarted task came back under a
 * new client id (confluentinc/demo-scene#204, johanvandevenne/kafka-connect-mqtt#17): here the task
 * comes back under the same one, to the session that queued them.
 */
@WithKafka
@WithMqtt
class WorkerRestartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void everyMessagePublishedAcrossAWorkerRestartArrives(KafkaBroker kafka, MqttTestBroker mqtt, @TempDir Path dir)
            throws Exception {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "restart", 3)) {
            // The connector subscribes first: before that, no session exists to queue anything.
            InProcessWorker first = connector.startWorker(dir, TIMEOUT);
            List<String> published;
            try (BackgroundPublisher units = new BackgroundPublisher(connector.publisher(), 3000, 500)) {
                units.outage(kafka.bootstrapServers(), connector.topic(), 500, first::close, 500, TIMEOUT);
                try (InProcessWorker second = connector.startWorker(dir, TIMEOUT)) {
                    published = units.awaitAll(60);
                    assertEveryDuplicateWasFlaggedByTheBroker(connector.assertAllArrived("worker restart", published, TIMEOUT));
                }
            }
        }
    }

    @Test
    void aRestartedTaskReceivesWhatItsPersistentSessionQueuedWhileItWasDown(KafkaBroker kafka, MqttTestBroker mqtt,
                                                                           @TempDir Path dir) {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "session", 1)) {
            connector.startWorker(dir, TIMEOUT).close();
            List<String> whileDown = connector.publisher().publishRange(0, 300);
            try (InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                connector.assertAllArrived("queued while down", whileDown, TIMEOUT);
            }
        }
    }

    /**
     * The control for the test above: with a clean session the broker keeps nothing for the task,
     * so what is published while it is down is gone. A message published after the restart arrives,
     * and none of the earlier ones with it.
     */
    @Test
    void withACleanSessionWhatWasPublishedWhileDownIsLost(KafkaBroker kafka, MqttTestBroker mqtt, @TempDir Path dir) {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "clean", 1)) {
            connector.config().put("mqtt.clean.session.enabled", "true");
            connector.startWorker(dir, TIMEOUT).close();
            List<String> whileDown = connector.publisher().publishRange(0, 50);
            try (InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                String after = connector.publisher().publish(50);
                Set<String> arrived = connector.assertAllArrived("after a clean restart", List.of(after), TIMEOUT)
                        .records().stream().map(r -> TelemetryPublisher.idIn(r.value())).collect(Collectors.toSet());
                assertThat(arrived).doesNotContainAnyElementsOf(whileDown);
            }
        }
    }

    /**
     * A second copy exists only because the broker resent a message it had not seen acknowledged,
     * and a resent message carries the DUP flag: so every duplicated id has a copy flagged so.
     */
    static void assertEveryDuplicateWasFlaggedByTheBroker(RawTopic.Delivery delivery) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byId = delivery.records().stream()
                .filter(r -> TelemetryPublisher.idIn(r.value()) != null)
                .collect(Collectors.groupingBy(r -> TelemetryPublisher.idIn(r.value())));
        byId.forEach((id, copies) -> {
            if (copies.size() > 1) {
                assertThat(copies).as("copies of " + id)
                        .anyMatch(r -> "true".equals(RawTopic.header(r, MqttHeaders.DUPLICATE)));
            }
        });
    }
}
