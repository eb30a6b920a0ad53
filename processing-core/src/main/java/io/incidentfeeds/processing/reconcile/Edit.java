package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.schemas.json.WireEnum;
import io.incidentfeeds.schemas.reconciled.Dot;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One edit as reconciliation sees it: its dot, causal context, time, whether it deletes, and the
 * fields it carries as canonical JSON.
 *
 * @param values   carried fields by name: {@code status}, {@code incident_type}, {@code severity},
 *                 each free attribute, and {@code geometry} unless it was null (not written)
 * @param geometry the geometry's bbox and jurisdictions, or null without a geometry
 * @param source   the raw record the edit was read from
 */
public record Edit(String incidentId, Dot dot, VectorClock clock, Instant timestamp, boolean delete,
                   SortedMap<String, byte[]> values, FieldWrite.GeometryExtras geometry, SourcePosition source) {

    // Every edit carries a status: its few values are rendered once, not per edit. Shared arrays, as
    // CanonicalJson.TRUE is: field values are never modified.
    private static final Map<IncidentStatus, byte[]> STATUS_JSON = rendered(IncidentStatus.class);
    private static final Map<Severity, byte[]> SEVERITY_JSON = rendered(Severity.class);

    private static <E extends Enum<E> & WireEnum> Map<E, byte[]> rendered(Class<E> type) {
        Map<E, byte[]> json = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            json.put(value, CanonicalJson.string(value.wire()));
        }
        return json;
    }

    public Edit {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    public static Edit of(NormalizedEdit normalized) {
        Telemetry t = normalized.edit();
        SortedMap<String, byte[]> values = new TreeMap<>();
        values.put(Fields.STATUS, STATUS_JSON.get(t.status()));
        if (t.incidentType() != null) {
            values.put(Fields.INCIDENT_TYPE, CanonicalJson.string(t.incidentType()));
        }
        if (t.severity() != null) {
            values.put(Fields.SEVERITY, SEVERITY_JSON.get(t.severity()));
        }
        t.attributes().forEach((name, value) -> values.put(name, CanonicalJson.bytes(value)));
        FieldWrite.GeometryExtras geometry = null;
        if (t.geometry() != null && !t.geometry().isNull()) {
            values.put(Fields.GEOMETRY, CanonicalJson.asIs(t.geometry()));
            geometry = new FieldWrite.GeometryExtras(bbox(normalized.bbox()), normalized.jurisdictions());
        }
        VectorClock clock = VectorClock.of(t.causalContext());
        return new Edit(t.incidentId(), new Dot(clock.sharedId(t.agencyId()), t.sequenceNumber()), clock,
                t.timestamp(), t.isDelete(), values, geometry, normalized.source());
    }

    private static double[] bbox(List<Double> bbox) {
        double[] values = new double[bbox.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = bbox.get(i);
        }
        return values;
    }

    /** This edit's write of {@code field} with {@code value}. */
    FieldWrite write(String field, byte[] value) {
        return new FieldWrite(dot, clock, timestamp, value, field.equals(Fields.GEOMETRY) ? geometry : null);
    }
}
