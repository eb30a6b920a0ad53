package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorUnderTest;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.RawTopic;
import io.incidentfeeds.connect.mqtt.testkit.WithMqtt;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mqtt.version=3.1.1, for brokers without MQTT 5: the same records, the same persistent session. */
@WithKafka
@WithMqtt
class Mqtt311Test {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void mqtt311DeliversWithTheSameHeadersAndKeepsItsSessionAcrossARestart(KafkaBroker kafka, MqttTestBroker mqtt,
                                                                           @TempDir Path dir) {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "v311", 1)) {
            connector.config().put("mqtt.version", "3.1.1");
            try (InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                List<String> live = connector.publisher().publishRange(0, 200);
                for (ConsumerRecord<byte[], byte[]> record : connector.assertAllArrived("3.1.1", live, TIMEOUT).records()) {
                    assertThat(RawTopic.header(record, MqttHeaders.QOS)).isEqualTo("1");
                    assertThat(Integer.parseInt(RawTopic.header(record, MqttHeaders.MESSAGE_ID))).isBetween(1, 65_535);
                    assertThat(RawTopic.header(record, MqttHeaders.DUPLICATE)).isEqualTo("false");
                }
            }
            List<String> whileDown = connector.publisher().publishRange(200, 300);
            try (InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                connector.assertAllArrived("3.1.1 queued while down", whileDown, TIMEOUT);
            }
        }
    }
}
