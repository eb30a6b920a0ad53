package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.json.WireEnum;
import io.incidentfeeds.schemas.protocol.Filters;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A subscription's filters, ready to test incidents against: an empty dimension selects everything;
 * agencies match when any contributing agency is listed; the bbox matches when it intersects the
 * incident's bbox, either of which may cross the antimeridian (west greater than east). An incident
 * without geometry never matches a bbox filter, nor one without a type, status or severity a filter
 * on that dimension.
 */
public final class IncidentFilter {

    private final Filters filters;
    private final Set<String> agencies;
    private final Set<String> types;
    private final Set<String> statuses;
    private final Set<String> severities;
    private final double[] bbox;

    public IncidentFilter(Filters filters) {
        this.filters = filters;
        this.agencies = Set.copyOf(filters.agencies());
        this.types = Set.copyOf(filters.incidentTypes());
        this.statuses = filters.status().stream().map(WireEnum::wire).collect(Collectors.toUnmodifiableSet());
        this.severities = filters.severity().stream().map(WireEnum::wire).collect(Collectors.toUnmodifiableSet());
        this.bbox = filters.bbox() == null ? null : filters.bbox().clone();
    }

    public Filters filters() {
        return filters;
    }

    /** The agencies the filter is restricted to; empty: any. */
    public Set<String> agencies() {
        return agencies;
    }

    public boolean matches(LiveIncident incident) {
        if (!agencies.isEmpty() && !anyListed(incident.agencies())) {
            return false;
        }
        if (!types.isEmpty() && !containsValue(types, incident.incidentType())) {
            return false;
        }
        if (!statuses.isEmpty() && !containsValue(statuses, incident.status())) {
            return false;
        }
        if (!severities.isEmpty() && !containsValue(severities, incident.severity())) {
            return false;
        }
        return bbox == null || (incident.bbox() != null && intersects(bbox, incident.bbox()));
    }

    /** Whether any of the incident's agencies is listed (a loop: this runs per session per change). */
    private boolean anyListed(Collection<String> incidentAgencies) {
        for (String a : incidentAgencies) {
            if (agencies.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** An absent property (null) is in no set; immutable sets throw on the question instead. */
    private static boolean containsValue(Set<String> values, String value) {
        return value != null && values.contains(value);
    }

    /** Whether two [west, south, east, north] boxes intersect, either possibly crossing the antimeridian. */
    static boolean intersects(double[] a, double[] b) {
        int dims = a.length / 2;
        int bDims = b.length / 2;
        // 2D boxes; a 3D incident bbox is [w, s, min alt, e, n, max alt].
        double aw = a[0], as = a[1], ae = a[dims], an = a[dims + 1];
        double bw = b[0], bs = b[1], be = b[bDims], bn = b[bDims + 1];
        if (an < bs || bn < as) {
            return false;
        }
        for (double[] x : lonIntervals(aw, ae)) {
            for (double[] y : lonIntervals(bw, be)) {
                if (x[0] <= y[1] && y[0] <= x[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double[][] lonIntervals(double west, double east) {
        return west <= east
                ? new double[][] {{west, east}}
                : new double[][] {{west, 180}, {-180, east}};
    }

    /** Same filters, so a repeated subscribe replaces rather than adds. */
    public boolean sameAs(IncidentFilter other) {
        return equals(other);
    }

    /** Equal when they select the same incidents by the same dimensions (the fan-out groups sessions by this). */
    @Override
    public boolean equals(Object o) {
        return o instanceof IncidentFilter other && agencies.equals(other.agencies) && types.equals(other.types)
                && statuses.equals(other.statuses) && severities.equals(other.severities)
                && Arrays.equals(bbox, other.bbox);
    }

    @Override
    public int hashCode() {
        return Objects.hash(agencies, types, statuses, severities, Arrays.hashCode(bbox));
    }
}
