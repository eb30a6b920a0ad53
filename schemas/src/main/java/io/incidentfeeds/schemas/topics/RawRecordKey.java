package io.incidentfeeds.schemas.topics;

import io.incidentfeeds.schemas.json.ContractJsonFactory;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * The key of a raw record ({@code incidents.raw}, schemas/README.md section 2): the payload's
 * {@code properties.incident_id} when the payload is a JSON object and that member is a string of 1
 * to 64 characters, otherwise the MQTT topic.
 *
 * <p>Why the incident: Kafka's default partitioner then puts every edit of an incident, from every
 * agency, in the partition where the processor reconciles it, so the processor needs no repartition
 * hop for them (one produce, one fetch and one transaction fewer per edit). Anything else, and every
 * record a producer keyed otherwise, still reaches the right place through that hop: the key is an
 * optimisation of placement, never trusted for who sent what (the {@code mqtt.topic} header is).
 *
 * <p>A streaming scan that stops at the id; it never throws, and is bounded by
 * {@link ContractJsonFactory}'s limits. Needs jackson-core only ({@link #partitionOf} kafka-clients too).
 */
public final class RawRecordKey {

    /** The longest incident id (the telemetry schema's {@code incidentId}). */
    public static final int MAX_INCIDENT_ID_LENGTH = 64;

    private RawRecordKey() {
    }

    /**
     * The partition of {@code incidents.raw} an incident's edits are keyed to, which is the stream
     * processor's task that reconciles it: Kafka's default partitioner of the id (murmur2 of its
     * UTF-8 bytes). The one definition: the processor checks placement by it, and every reader of the
     * checkpoints (after-action, the replay) finds an incident's task by it.
     */
    public static int partitionOf(String incidentId, int partitions) {
        return BuiltInPartitioner.partitionForKey(incidentId.getBytes(StandardCharsets.UTF_8), partitions);
    }

    public static String of(String mqttTopic, byte[] payload) {
        String incidentId = incidentIdOf(payload);
        return incidentId != null ? incidentId : mqttTopic;
    }

    /** {@code properties.incident_id} of a payload, when it is a JSON object with a usable one; else null. */
    public static String incidentIdOf(byte[] payload) {
        if (payload == null || payload.length == 0 || payload.length > ContractJsonFactory.MAX_PAYLOAD_BYTES) {
            return null;
        }
        try (JsonParser parser = ContractJsonFactory.get().createParser(ObjectReadContext.empty(), payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                if (name.equals("properties")) {
                    return value == JsonToken.START_OBJECT ? incidentIdIn(parser) : null;
                }
                parser.skipChildren(); // the geometry, usually: scanned, not decoded
            }
            return null;
        } catch (JacksonException e) {
            return null; // not JSON, or beyond the limits: the processor dead-letters it with the reason
        }
    }

    private static String incidentIdIn(JsonParser parser) {
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            if (name.equals("incident_id")) {
                if (value != JsonToken.VALUE_STRING) {
                    return null;
                }
                String id = parser.getString();
                return id.isEmpty() || id.length() > MAX_INCIDENT_ID_LENGTH ? null : id;
            }
            parser.skipChildren();
        }
        return null;
    }
}
