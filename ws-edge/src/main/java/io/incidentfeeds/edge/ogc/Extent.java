package io.incidentfeeds.edge.ogc;

import io.incidentfeeds.edge.view.LiveIncident;
import java.time.Instant;

/**
 * A collection's extent as the viewer sees it now: the box around the live incidents it may see
 * (the whole world when there are none, or when one crosses the antimeridian and the box would
 * need two parts) and the first and last event time among them (open ends when there are none).
 * Per viewer, since the extent of everything would tell an agency where other agencies' incidents are.
 * Without an extent GDAL reads every feature to compute one and QGIS guesses from the first ten.
 */
final class Extent {

    private double west = Double.POSITIVE_INFINITY;
    private double south = Double.POSITIVE_INFINITY;
    private double east = Double.NEGATIVE_INFINITY;
    private double north = Double.NEGATIVE_INFINITY;
    private boolean crossesAntimeridian;
    private Instant first;
    private Instant last;

    void add(LiveIncident incident) {
        double[] b = incident.bbox();
        if (b != null) {
            int dims = b.length / 2;
            double w = b[0];
            double e = b[dims];
            if (w > e) {
                crossesAntimeridian = true;
            }
            west = Math.min(west, w);
            east = Math.max(east, e);
            south = Math.min(south, b[1]);
            north = Math.max(north, b[dims + 1]);
        }
        Instant t = incident.eventTime();
        if (t != null) {
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
        }
    }

    /** [west, south, east, north] in CRS84. */
    double[] bbox() {
        if (south > north) {
            return new double[] {-180, -90, 180, 90};
        }
        return crossesAntimeridian ? new double[] {-180, south, 180, north} : new double[] {west, south, east, north};
    }

    /** The first event time; null when none is known. */
    Instant first() {
        return first;
    }

    /** The last event time; null when none is known. */
    Instant last() {
        return last;
    }
}
