package io.incidentfeeds.processing.geometry;

import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * RFC 7946 section 3.1.9: geometries that cross the antimeridian are split into parts on either
 * side. A segment whose longitudes differ by more than 180 degrees is read as crossing (the short
 * way round), which is what every small incident geometry means. A difference of exactly 360 is
 * not a crossing: -180 and 180 are the same meridian, so such a segment runs along it (the edge of
 * a polygon drawn up to the antimeridian, or a polar cap).
 *
 * <p>Crossing lines and polygons are first "unwrapped" into continuous longitudes (beyond +/-180),
 * repaired there if needed, then cut by the three world-wide boxes and shifted back.
 */
final class Antimeridian {

    private Antimeridian() {
    }

    /** True when a line or ring of {@code g} (a line or polygon) has a segment crossing the antimeridian. */
    static boolean crosses(Geometry g) {
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon p) {
                if (crosses(p.getExteriorRing().getCoordinates())) {
                    return true;
                }
                for (int h = 0; h < p.getNumInteriorRing(); h++) {
                    if (crosses(p.getInteriorRingN(h).getCoordinates())) {
                        return true;
                    }
                }
            } else if (part instanceof LineString l && crosses(l.getCoordinates())) {
                return true;
            }
        }
        return false;
    }

    private static boolean crosses(Coordinate[] cs) {
        for (int i = 1; i < cs.length; i++) {
            if (crossing(cs[i].x - cs[i - 1].x) != 0) {
                return true;
            }
        }
        return false;
    }

    /** +1 for a segment that crosses eastwards (179 to -179), -1 westwards, 0 when it does not cross. */
    private static int crossing(double dx) {
        double d = Math.abs(dx);
        return d > 180 && d < 360 ? (dx > 0 ? -1 : 1) : 0;
    }

    /** Continuous longitudes: every segment the short way round. */
    static Geometry unwrap(Geometry g, GeometryFactory factory) {
        List<Geometry> parts = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon p) {
                LinearRing shell = factory.createLinearRing(unwrapRing(p.getExteriorRing().getCoordinates(), Double.NaN));
                double anchor = shell.getCoordinateN(0).x;
                LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
                for (int h = 0; h < holes.length; h++) {
                    holes[h] = factory.createLinearRing(unwrapRing(p.getInteriorRingN(h).getCoordinates(), anchor));
                }
                parts.add(factory.createPolygon(shell, holes));
            } else {
                parts.add(factory.createLineString(unwrapLine(part.getCoordinates())));
            }
        }
        return factory.buildGeometry(parts);
    }

    private static Coordinate[] unwrapLine(Coordinate[] cs) {
        Coordinate[] out = new Coordinate[cs.length];
        double shift = 0;
        for (int i = 0; i < cs.length; i++) {
            if (i > 0) {
                shift += 360 * crossing(cs[i].x - cs[i - 1].x);
            }
            out[i] = cs[i].copy();
            out[i].x += shift;
        }
        return out;
    }

    private static Coordinate[] unwrapRing(Coordinate[] cs, double anchor) {
        Coordinate[] out = unwrapLine(cs);
        if (out[0].x != out[out.length - 1].x) {
            throw new RejectedException(DlqReason.INVALID_GEOMETRY,
                    "geometry: a polygon ring goes all the way round the globe (encircles a pole); cannot split it at the antimeridian");
        }
        if (!Double.isNaN(anchor)) { // keep a hole next to its shell
            double offset = Math.round((anchor - out[0].x) / 360.0) * 360.0;
            for (Coordinate c : out) {
                c.x += offset;
            }
        }
        return out;
    }

    /** Cuts an unwrapped geometry at +/-180 and shifts each piece back into [-180, 180]. */
    static Geometry split(Geometry unwrapped, GeometryFactory factory) {
        List<Geometry> pieces = new ArrayList<>();
        boolean polygonal = unwrapped instanceof Polygonal;
        for (int k = -1; k <= 1; k++) {
            double west = -180 + 360.0 * k;
            Geometry box = factory.toGeometry(new Envelope(west, west + 360, -90, 90));
            Geometry piece = unwrapped.intersection(box);
            if (piece.isEmpty()) {
                continue;
            }
            if (k != 0) {
                piece = AffineTransformation.translationInstance(-360.0 * k, 0).transform(piece);
            }
            for (int i = 0; i < piece.getNumGeometries(); i++) {
                Geometry atom = piece.getGeometryN(i);
                // keep the input's dimension: drop the points/lines an intersection can leave on the cut
                if (atom.getDimension() == (polygonal ? 2 : 1) && !atom.isEmpty()) {
                    pieces.add(atom);
                }
            }
        }
        return factory.buildGeometry(pieces);
    }
}
