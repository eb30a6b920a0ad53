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
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages published over MQTT land in the raw topic as the contract's raw records. */
@WithKafka
@WithMqtt
class EndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void everyQos1MessageLandsOnceWithTheContractsKeyAndHeaders(KafkaBroker kafka, MqttTestBroker mqtt, @TempDir Path dir) {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "e2e", 3);
             InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
            TelemetryPublisher publisher = connector.publisher();
            int n = 600;
            RawTopic.Delivery delivery = connector.assertAllArrived("end to end", publisher.publishRange(0, n), TIMEOUT);
            Eventually.holds(TIMEOUT, "all records acknowledged",
                    () -> TaskMetricsReader.value(connector.name(), 0, "records-acknowledged-total") == n);
            assertThat(connector.recordCount()).as("records in the topic").isEqualTo(n);
            assertThat(delivery.duplicates()).as("duplicates without any failure").isZero();
            for (ConsumerRecord<byte[], byte[]> record : delivery.records()) {
                int seq = seqOf(record);
                // keyed by its incident (RawRecordKey), so the default partitioner places it where it is reconciled
                assertThat(RawTopic.key(record)).isEqualTo(publisher.idOf(seq));
                assertThat(record.value()).isEqualTo(publisher.payload(seq, 0));
                assertThat(RawTopic.header(record, MqttHeaders.TOPIC)).isEqualTo(publisher.topicOf(seq));
                assertThat(RawTopic.header(record, MqttHeaders.QOS)).isEqualTo("1");
                assertThat(RawTopic.header(record, MqttHeaders.RETAINED)).isEqualTo("false");
                assertThat(RawTopic.header(record, MqttHeaders.DUPLICATE)).isEqualTo("false");
                assertThat(Integer.parseInt(RawTopic.header(record, MqttHeaders.MESSAGE_ID))).isBetween(1, 65_535);
                assertThat(RawTopic.header(record, MqttHeaders.PAYLOAD_OVERSIZE_BYTES)).isNull();
                // the test's topic keeps the producer's timestamp (CreateTime): the receipt time, also in the header
                assertThat(MqttHeaders.parseReceivedAt(RawTopic.header(record, MqttHeaders.RECEIVED_AT)).toEpochMilli())
                        .as("mqtt.received.at").isEqualTo(record.timestamp());
            }
            assertThat(TaskMetricsReader.value(connector.name(), 0, "in-flight-messages")).isZero();
        }
    }

    @Test
    void qosAndRetainFlagsAreCarriedInTheHeaders(KafkaBroker kafka, MqttTestBroker mqtt, @TempDir Path dir) {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, "flags", 1)) {
            TelemetryPublisher publisher = connector.publisher();
            // Retained before the connector exists: the broker hands it over on subscription.
            String retained = publisher.publish(0, MqttQos.AT_LEAST_ONCE, 0, true);
            connector.config().put("mqtt.qos", "2");
            try (InProcessWorker worker = connector.startWorker(dir, TIMEOUT)) {
                ConsumerRecord<byte[], byte[]> first = connector.assertAllArrived("retained", List.of(retained), TIMEOUT)
                        .records().get(0);
                assertThat(RawTopic.header(first, MqttHeaders.RETAINED)).isEqualTo("true");

                List<String> ids = new ArrayList<>();
                ids.add(publisher.publish(1, MqttQos.AT_MOST_ONCE, 0, false));
                ids.add(publisher.publish(2, MqttQos.AT_LEAST_ONCE, 0, false));
                ids.add(publisher.publish(3, MqttQos.EXACTLY_ONCE, 0, false));
                for (ConsumerRecord<byte[], byte[]> record : connector.assertAllArrived("qos", ids, TIMEOUT).records()) {
                    int qos = seqOf(record) - 1;
                    if (qos < 0) {
                        continue; // the retained one
                    }
                    String id = TelemetryPublisher.idIn(record.value());
                    assertThat(RawTopic.header(record, MqttHeaders.QOS)).as(id).isEqualTo(Integer.toString(qos));
                    assertThat(RawTopic.header(record, MqttHeaders.RETAINED)).as(id).isEqualTo("false");
                    int packetId = Integer.parseInt(RawTopic.header(record, MqttHeaders.MESSAGE_ID));
                    if (qos == 0) {
                        assertThat(packetId).as(id).isZero();
                    } else {
                        assertThat(packetId).as(id).isBetween(1, 65_535);
                    }
                }
            }
        }
    }

    private static int seqOf(ConsumerRecord<byte[], byte[]> record) {
        String id = TelemetryPublisher.idIn(record.value());
        return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
    }
}
