package io.incidentfeeds.simulator.scenario;

import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.reconciled.Dot;

/**
 * One MQTT message the simulator publishes, with what the pipeline is expected to make of it.
 *
 * @param topic          the MQTT topic
 * @param payload        the bytes
 * @param kind           an edit, an exact duplicate of an earlier message, or a bad record
 * @param expectedReason for a bad record, the dead-letter reason the processor must give it
 * @param incidentId     the incident it is about
 * @param dot            the edit's dot (agency, sequence number); null for a bad record
 */
public record SimulatedMessage(String topic, byte[] payload, Kind kind, DlqReason expectedReason, String incidentId, Dot dot) {

    public enum Kind { EDIT, DUPLICATE, BAD }
}
