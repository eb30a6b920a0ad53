package io.incidentfeeds.processing.normalize;

import io.incidentfeeds.processing.geometry.GeometryNormalizer;
import io.incidentfeeds.processing.geometry.Jurisdictions;
import io.incidentfeeds.processing.geometry.NormalizationChange;
import io.incidentfeeds.processing.geometry.NormalizedGeometry;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processing.validation.ValidatedTelemetry;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import java.util.List;
import java.util.Set;

/**
 * Normalizes a validated edit: geometry via {@link GeometryNormalizer}, jurisdictions from the
 * boundary layer, {@code incident_type} from the topic when absent, {@code crs} dropped. A pure
 * function of its input (throws {@code RejectedException} for CRS, coordinate and geometry
 * failures).
 */
public final class EditNormalizer {

    /** A normalized edit and what normalization changed (for metrics). */
    public record Result(NormalizedEdit edit, Set<NormalizationChange> changes) {
    }

    private final GeometryNormalizer geometry = new GeometryNormalizer();
    private final Jurisdictions jurisdictions;

    public EditNormalizer(Jurisdictions jurisdictions) {
        this.jurisdictions = jurisdictions;
    }

    public Result normalize(ValidatedTelemetry validated, SourcePosition source) {
        Telemetry t = validated.telemetry();
        String type = t.incidentType() != null ? t.incidentType() : validated.topic().incidentType();
        if (t.geometry() == null) {
            Telemetry out = new Telemetry(t.incidentId(), t.agencyId(), type, t.status(), t.severity(), t.timestamp(),
                    t.sequenceNumber(), t.clock(), t.op(), t.attributes(), null, null);
            return new Result(new NormalizedEdit(out, List.of(), List.of(), source), Set.of());
        }
        NormalizedGeometry g = geometry.normalize(t.geometry(), t.crs());
        Telemetry out = new Telemetry(t.incidentId(), t.agencyId(), type, t.status(), t.severity(), t.timestamp(),
                t.sequenceNumber(), t.clock(), t.op(), t.attributes(), g.geoJson(), null);
        return new Result(new NormalizedEdit(out, g.bbox(), jurisdictions.intersecting(g.jts()), source), g.changes());
    }
}
