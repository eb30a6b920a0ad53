package io.incidentfeeds.processing.geometry;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * Rounds every x/y to the precision model's grid and removes the repeated points that creates,
 * keeping the structure. Returns null when a line or ring collapses, so the caller can fall back to
 * JTS's snap-rounding reducer. This pointwise path is the fast, common one, and on an
 * already-normalized geometry it is the identity (which makes normalization idempotent).
 */
final class Rounding {

    private Rounding() {
    }

    static Geometry round(Geometry g, GeometryFactory f) {
        PrecisionModel pm = f.getPrecisionModel();
        if (g instanceof Point p) {
            return f.createPoint(round(p.getCoordinate(), pm));
        }
        if (g instanceof MultiPoint) {
            Coordinate[] cs = g.getCoordinates();
            for (int i = 0; i < cs.length; i++) {
                cs[i] = round(cs[i], pm);
            }
            return f.createMultiPointFromCoords(cs);
        }
        if (g instanceof LinearRing r) {
            Coordinate[] cs = dedupe(r.getCoordinates(), pm);
            return cs.length < 4 ? null : f.createLinearRing(cs);
        }
        if (g instanceof LineString l) {
            Coordinate[] cs = dedupe(l.getCoordinates(), pm);
            return cs.length < 2 ? null : f.createLineString(cs);
        }
        if (g instanceof Polygon p) {
            LinearRing shell = (LinearRing) round(p.getExteriorRing(), f);
            if (shell == null) {
                return null;
            }
            LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
            for (int i = 0; i < holes.length; i++) {
                holes[i] = (LinearRing) round(p.getInteriorRingN(i), f);
                if (holes[i] == null) {
                    return null;
                }
            }
            return f.createPolygon(shell, holes);
        }
        if (g instanceof MultiLineString || g instanceof MultiPolygon) {
            List<Geometry> parts = new ArrayList<>();
            for (int i = 0; i < g.getNumGeometries(); i++) {
                Geometry part = round(g.getGeometryN(i), f);
                if (part == null) {
                    return null;
                }
                parts.add(part);
            }
            return g instanceof MultiPolygon
                    ? f.createMultiPolygon(parts.toArray(Polygon[]::new))
                    : f.createMultiLineString(parts.toArray(LineString[]::new));
        }
        throw new IllegalArgumentException("cannot round " + g.getGeometryType());
    }

    private static Coordinate round(Coordinate c, PrecisionModel pm) {
        Coordinate r = c.copy();
        r.x = pm.makePrecise(c.x);
        r.y = pm.makePrecise(c.y);
        return r;
    }

    private static Coordinate[] dedupe(Coordinate[] cs, PrecisionModel pm) {
        List<Coordinate> out = new ArrayList<>(cs.length);
        for (Coordinate c : cs) {
            Coordinate r = round(c, pm);
            if (out.isEmpty() || !out.get(out.size() - 1).equals2D(r)) {
                out.add(r);
            }
        }
        return out.toArray(Coordinate[]::new);
    }
}
