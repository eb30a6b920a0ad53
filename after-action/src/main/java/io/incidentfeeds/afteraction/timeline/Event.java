package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.util.List;

/**
 * One line of a timeline: a record of one of the four topics, with what a reader wants of it. Every
 * column is here as read once (a raw edit through the processing core, a version or conflict by one
 * streaming pass over its bytes); the record and the geometry are JSON bytes, written as they are.
 *
 * @param appendTime    the record's timestamp (ms): for every topic, the raw record's (see the README)
 * @param kind          which topic, by its role
 * @param incidentId    null when the record names none (a dead letter that is not JSON)
 * @param agency        who sent it (the MQTT topic's agency) for an edit or a dead letter; null otherwise
 * @param mqttTopic     header mqtt.topic, for an edit or a dead letter
 * @param incidentType  the MQTT topic's type, or the version's incident_type
 * @param timestamp     the edit's own timestamp as sent, or the version's or conflict's event_time
 * @param versionNumber a version's reconciliation.version, or a conflict's version; else null
 * @param diffType      a version's reconciliation.diff_type
 * @param status        a version's status, or an edit's as sent
 * @param severity      a version's severity, or an edit's as sent
 * @param field         a conflict's field
 * @param reason        a dead letter's dlq.reason; for an edit, the reason the processing core refuses it, if it does
 * @param detail        the reason's detail
 * @param geometry      the JSON of an edit's normalized geometry, or of a version's geometry member as the version
 *                      holds it ({@code null} when it has none); else null
 * @param bbox          [w, s, e, n] (or with altitudes) of that geometry; empty without one
 * @param record        the record's value, JSON on one line: its bytes as published, compacted only when they hold
 *                      a line break (or are not UTF-8 text); null when the value is not JSON
 * @param agencies      a version's contributing agencies, or a conflict's competing ones
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
        Long versionNumber,
        String diffType,
        String status,
        String severity,
        String field,
        String reason,
        String detail,
        byte[] geometry,
        List<Double> bbox,
        byte[] record,
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

    /** For a version, the version decoded from its record (each call decodes it: keep it to use it twice); else null. */
    public ReconciledIncident version() {
        return kind == Kind.VERSION ? ReconciledIncident.fromJson(record) : null;
    }

    /** For a conflict, the conflict decoded from its record (each call decodes it); else null. */
    public ConflictRecord conflict() {
        return kind == Kind.CONFLICT ? ConflictRecord.fromJson(record) : null;
    }
}
