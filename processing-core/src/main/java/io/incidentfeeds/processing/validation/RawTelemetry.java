package io.incidentfeeds.processing.validation;

import io.incidentfeeds.schemas.topics.MqttHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;

/**
 * What the validator needs of one raw record ({@code incidents.raw}): the MQTT topic (header
 * {@code mqtt.topic}; the record key only when the header is absent, as in raw records written before
 * the key became the incident), the payload bytes, the connector's oversize
 * marker, and the record timestamp (ingest time: the reference for the timestamp window, so that a
 * replay judges a record exactly as the first run did).
 */
public record RawTelemetry(String mqttTopic, byte[] payload, Long oversizeBytes, Instant ingestTime) {

    /**
     * From a raw record's parts: {@code header} gives the text of the record's last header of a name
     * ({@link MqttHeaders}), or null when it has none; {@code recordTimestamp} in epoch milliseconds.
     */
    public static RawTelemetry of(byte[] key, byte[] value, Function<String, String> header, long recordTimestamp) {
        String topic = header.apply(MqttHeaders.TOPIC);
        if (topic == null && key != null) {
            topic = new String(key, StandardCharsets.UTF_8);
        }
        String oversize = header.apply(MqttHeaders.PAYLOAD_OVERSIZE_BYTES);
        Long oversizeBytes = null;
        if (oversize != null) {
            try {
                oversizeBytes = Long.parseLong(oversize.trim());
            } catch (NumberFormatException e) {
                oversizeBytes = -1L; // marked oversize, size unreadable: still oversize
            }
        }
        return new RawTelemetry(topic, value, oversizeBytes, Instant.ofEpochMilli(Math.max(0, recordTimestamp)));
    }
}
