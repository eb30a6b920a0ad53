package io.incidentfeeds.schemas.conflict;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.StreamedJson;
import io.incidentfeeds.schemas.reconciled.Dot;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * A record value of {@code incidents.conflicts} (conflict.schema.json): concurrent edits wrote
 * different values to one field of one incident.
 *
 * @param incidentId the incident (also the record key)
 * @param field      a property name, {@code geometry}, or {@code deleted}
 * @param competing  every competing write, in agency order
 * @param kept       the write whose value the reconciled state took
 * @param eventTime  timestamp of the edit that revealed the conflict
 * @param version    the reconciliation.version in which it was recorded
 */
public record ConflictRecord(
        String incidentId,
        String field,
        List<CompetingValue> competing,
        Dot kept,
        Instant eventTime,
        long version) {

    public static ConflictRecord fromJson(byte[] value) {
        return ContractJson.mapper().readValue(value, ConflictRecord.class);
    }

    private static final SerializableString INCIDENT_ID = new SerializedString("incident_id");
    private static final SerializableString FIELD = new SerializedString("field");
    private static final SerializableString COMPETING = new SerializedString("competing");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final SerializableString KEPT = new SerializedString("kept");
    private static final SerializableString EVENT_TIME = new SerializedString("event_time");
    private static final SerializableString VERSION = new SerializedString("version");

    /**
     * The record's JSON, streamed (the processor writes one per new conflict): the bytes databind
     * writes for this record (CodecsTest compares the two).
     */
    public byte[] toJson() {
        return ContractJson.mapper().writeValueAsBytes(StreamedJson.of(this::write));
    }

    private void write(JsonGenerator g) {
        g.writeStartObject();
        StreamedJson.writeString(g, INCIDENT_ID, incidentId);
        StreamedJson.writeString(g, FIELD, field);
        StreamedJson.writeArray(g, COMPETING, competing, ConflictRecord::writeCompeting);
        Dot.write(KEPT, kept, g);
        TelemetryCodec.writeTimestamp(g, EVENT_TIME, eventTime);
        g.writeName(VERSION);
        g.writeNumber(version);
        g.writeEndObject();
    }

    private static void writeCompeting(JsonGenerator g, CompetingValue c) {
        g.writeStartObject();
        Dot.writeMembers(c.agencyId(), c.sequenceNumber(), g);
        TelemetryCodec.writeTimestamp(g, TIMESTAMP, c.timestamp());
        g.writeName(VALUE); // always: a null value is a competing value (the field removed)
        if (c.value() == null) {
            g.writeNull();
        } else {
            g.writeTree(c.value());
        }
        g.writeEndObject();
    }
}
