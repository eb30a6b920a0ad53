package io.incidentfeeds.schemas.topics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Header names of a raw record on {@code incidents.raw}. Values are UTF-8 strings
 * (see raw-record.schema.json).
 */
public final class MqttHeaders {

    public static final String TOPIC = "mqtt.topic";
    /** "0", "1" or "2". */
    public static final String QOS = "mqtt.qos";
    /** "true" or "false". */
    public static final String RETAINED = "mqtt.retained";
    /** "true" or "false": the broker flagged a redelivery. */
    public static final String DUPLICATE = "mqtt.duplicate";
    /** The MQTT packet identifier, "0" for QoS 0. */
    public static final String MESSAGE_ID = "mqtt.message.id";
    /**
     * Present only when the connector dropped a payload over its size limit: the payload's size in
     * bytes. The record's value is then empty.
     */
    public static final String PAYLOAD_OVERSIZE_BYTES = "mqtt.payload.oversize.bytes";
    /**
     * When the connector received the MQTT message, by its clock: RFC 3339 in UTC with milliseconds
     * ({@code 2026-11-22T10:30:00.412Z}, {@link #receivedAt(long)}). The record's own timestamp is the
     * broker's append time (incidents.raw is created with {@code message.timestamp.type=LogAppendTime}),
     * so the receipt time travels here. Absent on records of an older connector.
     */
    public static final String RECEIVED_AT = "mqtt.received.at";

    private static final DateTimeFormatter RECEIVED_AT_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The {@link #RECEIVED_AT} value of an instant in epoch milliseconds. */
    public static String receivedAt(long epochMillis) {
        return RECEIVED_AT_FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The instant a {@link #RECEIVED_AT} value names; any other spelling is an IllegalArgumentException naming the value. */
    public static Instant parseReceivedAt(String value) {
        try {
            return Instant.from(RECEIVED_AT_FORMAT.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(RECEIVED_AT + " is not yyyy-MM-ddTHH:mm:ss.SSSZ: " + value, e);
        }
    }

    private MqttHeaders() {
    }
}
