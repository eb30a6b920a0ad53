package io.incidentfeeds.connect.mqtt.delivery;

import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * Turns an MQTT message into the contract's raw record (schemas/README.md, section 3): keyed by the
 * payload's incident when it names one ({@link RawRecordKey}), so that the default partitioner
 * places every edit of an incident where the processor reconciles it. The receipt time is both the
 * record's timestamp (kept by a topic on CreateTime) and the header {@code mqtt.received.at} (the only
 * place it survives on incidents.raw, whose LogAppendTime stamps records with the broker's append time).
 */
public final class RecordMapper {

    private final String kafkaTopic;

    public RecordMapper(String kafkaTopic) {
        this.kafkaTopic = kafkaTopic;
    }

    public AckingSourceRecord toRecord(InboundMessage message) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(MqttHeaders.TOPIC, message.topic());
        headers.addString(MqttHeaders.QOS, Integer.toString(message.qos()));
        headers.addString(MqttHeaders.RETAINED, Boolean.toString(message.retained()));
        headers.addString(MqttHeaders.DUPLICATE, Boolean.toString(message.duplicate()));
        headers.addString(MqttHeaders.MESSAGE_ID, Integer.toString(message.packetId()));
        headers.addString(MqttHeaders.RECEIVED_AT, MqttHeaders.receivedAt(message.receivedAtMillis()));
        if (message.oversize()) {
            headers.addString(MqttHeaders.PAYLOAD_OVERSIZE_BYTES, Integer.toString(message.oversizeBytes()));
        }
        return new AckingSourceRecord(kafkaTopic, RawRecordKey.of(message.topic(), message.payload()), message.payload(), message.receivedAtMillis(),
                headers, message);
    }
}
