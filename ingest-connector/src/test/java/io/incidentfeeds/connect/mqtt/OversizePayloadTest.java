package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorUnderTest;
import io.incidentfeeds.connect.mqtt.testkit.Eventually;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.RawTopic;
import io.incidentfeeds.connect.mqtt.testkit.TaskMetricsReader;
import io.incidentfeeds.connect.mqtt.testkit.TelemetryPublisher;
import io.incidentfeeds.connect.mqtt.testkit.WithMqtt;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A payload over the limit neither vanishes nor reaches Kafka whole: its record has an empty value
 * and {@code mqtt.payload.oversize.bytes}, so that the processor dead-letters it as
 * PAYLOAD_TOO_LARGE; and it is counted.
 */
@WithKafka
@WithMqtt
class OversizePayloadTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int LIMIT = 1024;

    @Test
    void anOversizePayloadBecomesAnEmptyRecordWithItsSizeAndIsCounted(KafkaBroker kafka, MqttTestBroker mqtt,
                                                                       @TempDir Path dir) {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "oversize", 1)) {
            connector.config().put("mqtt.max.payload.bytes", Integer.toString(LIMIT));
            TelemetryPublisher publisher = connector.publisher();
            try (InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                publisher.publish(0, MqttQos.AT_LEAST_ONCE, 200, false);
                publisher.publish(1, MqttQos.AT_LEAST_ONCE, LIMIT, false);
                int oversize = publisher.payload(2, 100_000).length;
                publisher.publish(2, MqttQos.AT_LEAST_ONCE, 100_000, false);
                publisher.publish(3, MqttQos.AT_LEAST_ONCE, 200, false);

                List<ConsumerRecord<byte[], byte[]>> records =
                        RawTopic.awaitCount(kafka.bootstrapServers(), connector.topic(), 4, TIMEOUT);
                assertThat(records).hasSize(4);
                // Order is kept on the one partition: the oversize record sits where the message was.
                assertThat(records.get(0).value()).isEqualTo(publisher.payload(0, 200));
                assertThat(records.get(1).value()).as("exactly at the limit: whole").hasSize(LIMIT);
                assertThat(RawTopic.header(records.get(1), MqttHeaders.PAYLOAD_OVERSIZE_BYTES)).isNull();
                ConsumerRecord<byte[], byte[]> dropped = records.get(2);
                assertThat(dropped.value()).isEmpty();
                assertThat(RawTopic.header(dropped, MqttHeaders.PAYLOAD_OVERSIZE_BYTES)).isEqualTo(Integer.toString(oversize));
                assertThat(RawTopic.key(dropped)).isEqualTo(publisher.topicOf(2));
                assertThat(RawTopic.header(dropped, MqttHeaders.TOPIC)).isEqualTo(publisher.topicOf(2));
                assertThat(records.get(3).value()).isEqualTo(publisher.payload(3, 200));
                Eventually.holds(TIMEOUT, "counted",
                        () -> TaskMetricsReader.value(connector.name(), 0, "payloads-oversize-total") == 1);
            }
        }
    }
}
