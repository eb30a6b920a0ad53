package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.util.List;

/**
 * The timeline's filters, each exact on what a record says (null: no filter):
 * <ul>
 *   <li>{@code incident}: the record's incident id;</li>
 *   <li>{@code agency}: an edit or a dead letter sent by it (its MQTT topic); a version it contributed
 *       to ({@code reconciliation.agencies}); a conflict in which it competes;</li>
 *   <li>{@code type}: an edit's or dead letter's MQTT topic type; a version's {@code incident_type}; a
 *       conflict's incident's type in its latest version;</li>
 *   <li>{@code bbox} [w, s, e, n]: an edit's normalized geometry or a version's geometry meets it
 *       (longitudes as a circle, so a box across the antimeridian has w &gt; e); a conflict, when its
 *       incident's latest version does; a dead letter, never (its geometry is refused or unjudged).</li>
 * </ul>
 */
public record Filter(String incident, String agency, String type, double[] bbox) {

    /** {@code current}: the incident's latest version at the event's time, or null. */
    public boolean accepts(Event e, ReconciledIncident current) {
        if (incident != null && !incident.equals(e.incidentId())) {
            return false;
        }
        if (agency != null) {
            boolean by = switch (e.kind()) {
                case EDIT, DEAD_LETTER -> agency.equals(e.agency());
                case VERSION, CONFLICT -> e.agencies().contains(agency);
            };
            if (!by) {
                return false;
            }
        }
        if (type != null) {
            String t = e.kind() == Event.Kind.CONFLICT ? (current == null ? null : current.property("incident_type")) : e.incidentType();
            if (!type.equals(t)) {
                return false;
            }
        }
        if (bbox != null) {
            List<Double> b = switch (e.kind()) {
                case EDIT, VERSION -> e.bbox();
                case DEAD_LETTER -> List.of();
                case CONFLICT -> current == null || current.bbox() == null ? List.of() : boxed(current.bbox());
            };
            return meets(b);
        }
        return true;
    }

    private boolean meets(List<Double> b) {
        if (b.size() != 4 && b.size() != 6) {
            return false;
        }
        int half = b.size() / 2;
        double w = b.get(0);
        double s = b.get(1);
        double e = b.get(half);
        double n = b.get(half + 1);
        return s <= bbox[3] && n >= bbox[1] && longitudesMeet(w, e, bbox[0], bbox[2]);
    }

    /** Whether two longitude intervals meet, each from west to east (across the antimeridian when west &gt; east). */
    static boolean longitudesMeet(double w1, double e1, double w2, double e2) {
        for (double[] a : split(w1, e1)) {
            for (double[] b : split(w2, e2)) {
                if (a[0] <= b[1] && b[0] <= a[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double[][] split(double w, double e) {
        return w <= e ? new double[][] {{w, e}} : new double[][] {{w, 180}, {-180, e}};
    }

    private static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
