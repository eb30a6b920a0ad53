package io.incidentfeeds.processing.geometry;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * A proof in one pass over the vertices that a polygon is valid, for the shapes field units draw
 * most: one ring without holes, star-shaped from the mean of its vertices (every convex cordon or
 * evacuation zone, every circle or buffer around a point, most radial perimeters).
 *
 * <p>Why: JTS's {@code IsValidOp} nodes the ring against itself through a spatial index of its
 * monotone chains; on the benchmark mix's perimeters (20 to 200 vertices) that was a fifth of
 * the processor's stream thread. The proof: seen from a centre {@code c}, if every edge turns strictly the same way
 * ({@code orientation(c, v[i], v[i+1])} all counter-clockwise, or all clockwise) and the ring goes
 * round {@code c} exactly once, each edge sweeps its own open sector of directions from
 * {@code c}, so two edges can only meet where adjacent ones share their vertex: the ring is simple
 * (and has at least three vertices not on one line), which is all JTS asks of a polygon without
 * holes. "Exactly once" is counted as the number of edges that reach the direction of the first
 * vertex again. Orientation is JTS's robust predicate (exact for the given doubles), so the
 * proof holds whatever centre the floating-point mean gives.
 *
 * <p>A polygon that is not so shaped, has holes, or is not a Polygon is not judged here
 * ({@code false}: ask JTS); the answer {@code true} is never wrong.
 */
final class StarShapedShell {

    private StarShapedShell() {
    }

    /** True only for a Polygon without holes whose shell is strictly star-shaped from its vertex mean: then it is valid. */
    static boolean provesValid(Geometry g) {
        if (!(g instanceof Polygon polygon) || polygon.getNumInteriorRing() > 0 || polygon.isEmpty()) {
            return false;
        }
        CoordinateSequence ring = polygon.getExteriorRing().getCoordinateSequence();
        int n = ring.size() - 1; // the last position closes the ring onto the first
        if (n < 3) {
            return false;
        }
        Coordinate centre = meanOfVertices(ring, n);
        if (!Double.isFinite(centre.x) || !Double.isFinite(centre.y)) {
            return false;
        }
        Coordinate first = ring.getCoordinate(0);
        int turn = Orientation.index(centre, first, ring.getCoordinate(1));
        if (turn == Orientation.COLLINEAR) {
            return false;
        }
        // ahead: the first vertex's direction lies less than half a turn ahead of v[i]'s, in the
        // ring's sense. An edge after which it no longer is has reached that direction again.
        int windings = 0;
        boolean ahead = false; // v[0] lies on its own direction
        for (int i = 1; i <= n; i++) {
            Coordinate current = ring.getCoordinate(i);
            if (Orientation.index(centre, ring.getCoordinate(i - 1), current) != turn) {
                return false;
            }
            boolean stillAhead = i < n && turn * Orientation.index(centre, current, first) > 0;
            if (ahead && !stillAhead) {
                windings++;
            }
            ahead = stillAhead;
        }
        return windings == 1;
    }

    private static Coordinate meanOfVertices(CoordinateSequence ring, int n) {
        double x = 0;
        double y = 0;
        for (int i = 0; i < n; i++) {
            x += ring.getX(i);
            y += ring.getY(i);
        }
        return new Coordinate(x / n, y / n);
    }
}
