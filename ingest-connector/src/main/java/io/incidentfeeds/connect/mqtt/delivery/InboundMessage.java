package io.incidentfeeds.connect.mqtt.delivery;

/**
 * One MQTT message as received, held until Kafka has acknowledged its record.
 *
 * @param payload       the payload, or an empty array when it was over the size limit
 * @param oversizeBytes the original size of a payload that was over the limit, else -1; the
 *                      bytes of such a payload are never held
 * @param packetId      the MQTT packet identifier (0 at QoS 0)
 * @param duplicate     the broker's DUP flag: it sent this message before, on an earlier connection
 * @param acknowledgement sends the PUBACK/PUBREC; a no-op at QoS 0 and on a closed connection
 */
public record InboundMessage(String topic, byte[] payload, int oversizeBytes, int qos, boolean retained,
                             boolean duplicate, int packetId, long receivedAtMillis,
                             Runnable acknowledgement) {

    public boolean oversize() {
        return oversizeBytes >= 0;
    }
}
