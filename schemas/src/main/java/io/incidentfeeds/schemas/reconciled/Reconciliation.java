package io.incidentfeeds.schemas.reconciled;

import io.incidentfeeds.schemas.json.StreamedJson;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * The foreign member {@code reconciliation} of a reconciled incident.
 *
 * @param version       +1 per emitted change of the merged state, from 1
 * @param diffType      create the first time, then update, or delete
 * @param clock         pointwise maximum of every applied edit's clock
 * @param agencies      agencies that contributed an applied edit, sorted
 * @param jurisdictions jurisdiction ids the geometry intersects, sorted
 * @param eventTime     timestamp of the edit that produced this version (never wall-clock time)
 * @param conflicts     unresolved concurrent writes among the current maximal writes
 * @param source        the raw record of that edit
 */
public record Reconciliation(
        long version,
        DiffType diffType,
        SortedMap<String, Long> clock,
        List<String> agencies,
        List<String> jurisdictions,
        Instant eventTime,
        List<ConflictSummary> conflicts,
        SourcePosition source) {

    private static final SerializableString VERSION = new SerializedString("version");
    private static final SerializableString DIFF_TYPE = new SerializedString("diff_type");
    private static final SerializableString CLOCK = new SerializedString("clock");
    private static final SerializableString AGENCIES = new SerializedString("agencies");
    private static final SerializableString JURISDICTIONS = new SerializedString("jurisdictions");
    private static final SerializableString EVENT_TIME = new SerializedString("event_time");
    private static final SerializableString CONFLICTS = new SerializedString("conflicts");

    /** Streams this object as databind writes it (for {@link ReconciledIncident#toJson()}). */
    void write(JsonGenerator g) {
        g.writeStartObject();
        g.writeName(VERSION);
        g.writeNumber(version);
        StreamedJson.writeString(g, DIFF_TYPE, diffType == null ? null : diffType.wire());
        if (clock != null) {
            g.writeName(CLOCK);
            g.writeStartObject();
            clock.forEach(g::writeNumberProperty);
            g.writeEndObject();
        }
        StreamedJson.writeArray(g, AGENCIES, agencies, JsonGenerator::writeString);
        StreamedJson.writeArray(g, JURISDICTIONS, jurisdictions, JsonGenerator::writeString);
        TelemetryCodec.writeTimestamp(g, EVENT_TIME, eventTime);
        StreamedJson.writeArray(g, CONFLICTS, conflicts, (generator, conflict) -> conflict.write(generator));
        SourcePosition.write(source, g);
        g.writeEndObject();
    }
}
