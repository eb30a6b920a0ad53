package io.incidentfeeds.schemas.topics;

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

    private MqttHeaders() {
    }
}
