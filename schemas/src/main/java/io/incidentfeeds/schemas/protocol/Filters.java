package io.incidentfeeds.schemas.protocol;

import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import java.util.List;

/**
 * What a subscription selects. An empty or absent list selects everything on that dimension.
 *
 * @param agencies      contributing agencies
 * @param incidentTypes incident types
 * @param status        statuses
 * @param severity      severities
 * @param bbox          [minLon, minLat, maxLon, maxLat]; minLon > maxLon crosses the antimeridian
 */
public record Filters(
        List<String> agencies,
        List<String> incidentTypes,
        List<IncidentStatus> status,
        List<Severity> severity,
        double[] bbox) {

    public static final Filters ALL = new Filters(List.of(), List.of(), List.of(), List.of(), null);

    public Filters {
        agencies = agencies == null ? List.of() : List.copyOf(agencies);
        incidentTypes = incidentTypes == null ? List.of() : List.copyOf(incidentTypes);
        status = status == null ? List.of() : List.copyOf(status);
        severity = severity == null ? List.of() : List.copyOf(severity);
    }
}
