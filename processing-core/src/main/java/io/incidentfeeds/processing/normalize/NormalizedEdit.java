package io.incidentfeeds.processing.normalize;

import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One validated, normalized edit: what reconciliation consumes, keyed by {@code incident_id}.
 *
 * @param edit          the telemetry with its geometry normalized (RFC 7946, EPSG:4326, 6 decimals,
 *                      oriented, split at the antimeridian), {@code crs} dropped and
 *                      {@code incident_type} filled from the MQTT topic when the sender left it out
 * @param bbox          RFC 7946 bbox of the geometry ({@code [w, s, e, n]} or with altitudes); empty
 *                      when the edit carries no geometry
 * @param jurisdictions ids of the jurisdictions the geometry intersects, sorted; empty without
 *                      geometry
 * @param source        where the raw record was read ({@code incidents.raw} topic, partition, offset)
 */
public record NormalizedEdit(Telemetry edit, List<Double> bbox, List<String> jurisdictions, SourcePosition source) {

    public NormalizedEdit {
        Objects.requireNonNull(edit, "edit");
        Objects.requireNonNull(source, "source");
        bbox = List.copyOf(bbox);
        jurisdictions = List.copyOf(jurisdictions);
    }

    public String incidentId() {
        return edit.incidentId();
    }

    /** The normalized geometry as GeoJSON, or null when this edit does not write the geometry. */
    public JsonNode geometry() {
        return edit.geometry();
    }
}
