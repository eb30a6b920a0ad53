package io.incidentfeeds.simulator.scenario;

import io.incidentfeeds.schemas.deadletter.DlqReason;

/**
 * One MQTT message the simulator publishes, with what the pipeline is expected to make of it.
 *
 * @param topic          the MQTT topic
 * @param payload        the bytes
 * @param kind           an edit, an exact duplicate of an earlier message, or a bad record
 * @param expectedReason for a bad record, the dead-letter reason the processor must give it
 * @param incidentId     the incident it is about (null for records too broken to say)
 */
public record SimulatedMessage(String topic, byte[] payload, Kind kind, DlqReason expectedReason, String incidentId) {

    public enum Kind { EDIT, DUPLICATE, BAD }
}
