package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One line of a timeline: a record of one of the four topics, with what a reader wants of it.
 *
 * @param appendTime   the record's timestamp (ms): for every topic, the raw record's (see the README)
 * @param kind         which topic, by its role
 * @param incidentId   null when the record names none (a dead letter that is not JSON)
 * @param agency       who sent it (the MQTT topic's agency) for an edit or a dead letter; null otherwise
 * @param mqttTopic    header mqtt.topic, for an edit or a dead letter
 * @param incidentType the MQTT topic's type, or the version's incident_type
 * @param timestamp    the edit's own timestamp as sent, or the version's or conflict's event_time
 * @param reason       a dead letter's dlq.reason; for an edit, the reason the processing core refuses it, if it does
 * @param detail       the reason's detail
 * @param geometry     the normalized geometry of an edit, or a version's; else null
 * @param bbox         [w, s, e, n] (or with altitudes) of that geometry; empty without one
 * @param record       the record's value as JSON, null when it is not JSON
 * @param version      the version, for a version
 * @param conflict     the conflict, for a conflict
 * @param agencies     a version's contributing agencies, or a conflict's competing ones
 */
public record Event(
        long appendTime,
        Kind kind,
        String topic,
        int partition,
        long offset,
        String incidentId,
        String agency,
        String mqttTopic,
        String incidentType,
        String timestamp,
        String reason,
        String detail,
        JsonNode geometry,
        List<Double> bbox,
        JsonNode record,
        ReconciledIncident version,
        ConflictRecord conflict,
        List<String> agencies) {

    /** The topics in the order of the flow: an edit comes before the version it caused, a version before its conflicts. */
    public enum Kind {
        EDIT("edit"), DEAD_LETTER("dead_letter"), VERSION("version"), CONFLICT("conflict");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** Append time, then the topic's place in the flow, partition, offset. */
    public static final java.util.Comparator<Event> ORDER = java.util.Comparator.comparingLong(Event::appendTime)
            .thenComparing(Event::kind).thenComparingInt(Event::partition).thenComparingLong(Event::offset);
}
