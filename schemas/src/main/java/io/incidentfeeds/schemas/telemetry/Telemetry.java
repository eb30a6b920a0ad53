package io.incidentfeeds.schemas.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import tools.jackson.databind.JsonNode;

/**
 * One edit of one incident by one agency: the telemetry payload (a GeoJSON Feature) as typed
 * values. Read it with {@link TelemetryCodec}, after the document has passed the telemetry schema.
 *
 * @param incidentId    properties.incident_id
 * @param agencyId      properties.agency_id: the agency that made the edit
 * @param incidentType  properties.incident_type, or null when absent (the topic's type applies)
 * @param status        properties.status
 * @param severity      properties.severity, or null when absent
 * @param timestamp     properties.timestamp: when the edit was made
 * @param sequenceNumber properties.sequence_number: the agency's edit counter for this incident
 * @param clock         properties.clock: the causal context, agency id to counter; empty when absent
 * @param op            properties.op (upsert when absent)
 * @param attributes    the free properties (title, description, units, ...), in name order
 * @param geometry      the Feature's geometry as GeoJSON, or null for a null geometry
 * @param crs           the legacy Feature-level crs (an {@code EPSG:} code), or null
 */
public record Telemetry(
        String incidentId,
        String agencyId,
        String incidentType,
        IncidentStatus status,
        Severity severity,
        Instant timestamp,
        long sequenceNumber,
        SortedMap<String, Long> clock,
        EditOp op,
        SortedMap<String, JsonNode> attributes,
        JsonNode geometry,
        String crs) {

    public Telemetry {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(agencyId, "agencyId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(attributes, "attributes");
        clock = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(clock));
        attributes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(attributes));
    }

    /** The causal context of this edit: its clock, or {agency_id: sequence_number} when absent. */
    public Map<String, Long> causalContext() {
        return clock.isEmpty() ? Map.of(agencyId, sequenceNumber) : clock;
    }

    public boolean isDelete() {
        return op == EditOp.DELETE;
    }
}
