package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorUnderTest;
import io.incidentfeeds.connect.mqtt.testkit.Eventually;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.RawTopic;
import io.incidentfeeds.connect.mqtt.testkit.TaskMetricsReader;
import io.incidentfeeds.connect.mqtt.testkit.WithMqtt;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * With tasks.max > 1 the tasks share one MQTT 5 subscription: the broker gives each message to one
 * of them. Plain subscriptions would give every task every message, writing each one N times.
 */
@WithKafka
@WithMqtt
class SharedSubscriptionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void twoTasksShareTheWorkAndWriteEachMessageOnce(KafkaBroker kafka, MqttTestBroker mqtt, @TempDir Path dir) {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "shared", 3)) {
            connector.config().put("tasks.max", "2");
            String name = connector.name();
            try (InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                RawTopic.Delivery delivery = connector.assertAllArrived("shared subscription",
                        connector.publisher().publishRange(0, 1000), TIMEOUT);
                Eventually.holds(TIMEOUT, "every record acknowledged", () ->
                        TaskMetricsReader.value(name, 0, "records-acknowledged-total")
                                + TaskMetricsReader.value(name, 1, "records-acknowledged-total") == 1000);

                assertThat(connector.recordCount()).isEqualTo(1000);
                assertThat(delivery.duplicates()).isZero();
                // How the broker splits the work is its choice (HiveMQ CE gave one publisher's burst to one
                // task in our runs, Mosquitto alternates); that together they took each message once is ours.
                double first = TaskMetricsReader.value(name, 0, "messages-received-total");
                double second = TaskMetricsReader.value(name, 1, "messages-received-total");
                LoggerFactory.getLogger(SharedSubscriptionTest.class).info("shared subscription on {}: task 0 took {},"
                        + " task 1 took {}", mqtt.uri(), (long) first, (long) second);
                assertThat(first + second).isEqualTo(1000);
            }
        }
    }
}
