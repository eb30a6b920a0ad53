package io.incidentfeeds.processing.geometry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;

/**
 * The RFC 7946 bbox of a normalized geometry: {@code [west, south, east, north]}, or with
 * {@code [.., min alt, .., max alt]} when positions carry altitude. Longitudes are treated as a
 * circle (section 5.2): the box is the shortest longitude interval covering every part, so a
 * geometry split at the antimeridian gets {@code west > east}. Computed from the parts alone, so it
 * is the same before and after a second normalization.
 */
final class BoundingBox {

    private BoundingBox() {
    }

    static List<Double> of(Geometry g) {
        List<double[]> intervals = new ArrayList<>();
        double south = Double.POSITIVE_INFINITY;
        double north = Double.NEGATIVE_INFINITY;
        List<Geometry> atoms = new ArrayList<>();
        atoms(g, atoms);
        for (Geometry atom : atoms) {
            Envelope e = atom.getEnvelopeInternal();
            intervals.add(new double[] {e.getMinX(), e.getMaxX()});
            south = Math.min(south, e.getMinY());
            north = Math.max(north, e.getMaxY());
        }
        double[] lon = shortestCover(intervals);
        double minZ = Double.POSITIVE_INFINITY;
        double maxZ = Double.NEGATIVE_INFINITY;
        for (Coordinate c : g.getCoordinates()) {
            if (!Double.isNaN(c.getZ())) {
                minZ = Math.min(minZ, c.getZ());
                maxZ = Math.max(maxZ, c.getZ());
            }
        }
        return minZ == Double.POSITIVE_INFINITY
                ? List.of(lon[0], south, lon[1], north)
                : List.of(lon[0], south, minZ, lon[1], north, maxZ);
    }

    private static void atoms(Geometry g, List<Geometry> out) {
        if (g instanceof GeometryCollection) {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                atoms(g.getGeometryN(i), out);
            }
        } else if (!g.isEmpty()) {
            out.add(g);
        }
    }

    /** West and east of the shortest arc of the longitude circle covering all intervals. */
    private static double[] shortestCover(List<double[]> intervals) {
        intervals.sort(Comparator.comparingDouble((double[] i) -> i[0]));
        List<double[]> merged = new ArrayList<>();
        for (double[] i : intervals) {
            double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && i[0] <= last[1]) {
                last[1] = Math.max(last[1], i[1]);
            } else {
                merged.add(new double[] {i[0], i[1]});
            }
        }
        double west = merged.get(0)[0];
        double east = merged.get(merged.size() - 1)[1];
        // The gap through the antimeridian (-180 and 180 are one meridian).
        double bestGap = (180 - east) + (west + 180);
        double[] best = {west, east};
        for (int k = 0; k + 1 < merged.size(); k++) {
            double gap = merged.get(k + 1)[0] - merged.get(k)[1];
            if (gap > bestGap) {
                bestGap = gap;
                best = new double[] {merged.get(k + 1)[0], merged.get(k)[1]};
            }
        }
        return best;
    }
}
