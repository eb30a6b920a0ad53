package io.incidentfeeds.connect.mqtt.delivery;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A source record that remembers the MQTT message it came from, so that
 * {@code SourceTask.commitRecord} can acknowledge exactly that message. The worker hands
 * {@code commitRecord} the record as {@code poll()} returned it, before any transformation.
 */
public final class AckingSourceRecord extends SourceRecord {

    private final InboundMessage message;

    AckingSourceRecord(String topic, String key, byte[] value, Long timestamp, Headers headers, InboundMessage message) {
        // No source partition or offset: MQTT has no position to resume from; the persistent
        // session on the broker is the position.
        super(null, null, topic, null, Schema.STRING_SCHEMA, key, Schema.BYTES_SCHEMA, value, timestamp, headers);
        this.message = message;
    }

    public InboundMessage message() {
        return message;
    }
}
