package io.incidentfeeds.processing.geometry;

import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.geojson.GeoJsonGeometries;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.Puntal;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import tools.jackson.databind.JsonNode;

/**
 * Turns an edit's geometry into the canonical RFC 7946 form, as a pure function of its input
 * (same input, same output bytes: no clock, no randomness, no hash order):
 *
 * <ol>
 *   <li>note rings the sender left open (the reader closes them: {@link OpenRings});
 *   <li>reproject a legacy {@code crs} to EPSG:4326 ({@link CrsTransforms}); unknown: UNSUPPORTED_CRS;
 *   <li>every ordinate finite and lon/lat within WGS84, else COORDINATE_OUT_OF_RANGE;
 *   <li>per part (a GeometryCollection's members one by one): positions all 2D or all 3D, else
 *       INVALID_GEOMETRY;
 *   <li>round to 6 decimals (about 0.1 m) removing repeated points. Valid once rounded: done (the
 *       common case, one validity check, often proved by the shape alone: {@link StarShapedShell}).
 *       Otherwise repair the original with GeometryFixer if it is invalid and the repair is
 *       unambiguous (see {@link #repair}), else INVALID_GEOMETRY; then round again, with JTS's
 *       snap-rounding reducer if pointwise rounding breaks validity; a part that collapses:
 *       INVALID_GEOMETRY;
 *   <li>a line or polygon with a segment across the antimeridian is first unwrapped into
 *       continuous longitudes, repaired there if need be, then split ({@link Antimeridian}) and
 *       rounded;
 *   <li>polygons in JTS normal form, then exterior rings counter-clockwise and holes clockwise;
 *   <li>bbox ({@link BoundingBox}).
 * </ol>
 */
public final class GeometryNormalizer {

    /** 6 decimals of a degree: about 0.1 m. */
    public static final PrecisionModel PRECISION = new PrecisionModel(1_000_000);

    /**
     * The most vertices an invalid geometry may have to be repaired. The repair's check that every
     * drawn vertex survives asks JTS one relate per vertex, quadratic in all: a self-crossing ring of
     * 1,000 vertices took 1.8 s of CPU and one of 4,000 over 28 s (found fuzzing, docs/fuzzing.md).
     * Larger invalid geometries are INVALID_GEOMETRY; valid ones of any size are unaffected.
     */
    public static final int MAX_REPAIR_VERTICES = 500;

    private final GeometryFactory floating = new GeometryFactory();
    private final GeometryFactory fixed = new GeometryFactory(PRECISION);
    private final CrsTransforms crs = new CrsTransforms();

    public NormalizedGeometry normalize(JsonNode geometryJson, String crsCode) {
        Set<NormalizationChange> changes = EnumSet.noneOf(NormalizationChange.class);
        Geometry g;
        try {
            g = GeoJsonGeometries.read(geometryJson, floating);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(DlqReason.INVALID_GEOMETRY, "geometry: " + e.getMessage());
        }
        if (OpenRings.any(geometryJson)) {
            changes.add(NormalizationChange.CLOSED_RING); // the reader closed them
        }
        if (!CrsTransforms.isWgs84(crsCode)) {
            crs.toWgs84(g, crsCode);
            changes.add(NormalizationChange.REPROJECTED);
        }
        checkRange(g, crsCode);
        if (g.isEmpty()) {
            throw new RejectedException(DlqReason.INVALID_GEOMETRY, "geometry: " + g.getGeometryType() + " is empty");
        }
        Geometry result;
        if (g.getGeometryType().equals(Geometry.TYPENAME_GEOMETRYCOLLECTION)) {
            List<Geometry> members = new ArrayList<>();
            for (int i = 0; i < g.getNumGeometries(); i++) {
                members.add(part(g.getGeometryN(i), changes, "geometry.geometries[" + i + "]"));
            }
            result = fixed.createGeometryCollection(members.toArray(Geometry[]::new));
        } else {
            result = part(g, changes, "geometry");
        }
        requireArea(result);
        return new NormalizedGeometry(result, GeoJsonGeometries.write(result), BoundingBox.of(result), changes);
    }

    /**
     * A polygon whose rounded vertices lie on one line is valid to JTS only through floating-point
     * noise (a sliver of 1e-17 square degrees); it has no area a console could draw, so it is
     * INVALID_GEOMETRY, as the end-to-end test with the field simulator's degenerate ring showed.
     */
    private static void requireArea(Geometry result) {
        // Vertices on the 1e-6 grid: any polygon with area has at least half a grid cell (Pick's
        // theorem); a quarter cell leaves room for floating-point error.
        double minimum = 0.25 / (PRECISION.getScale() * PRECISION.getScale());
        for (int i = 0; i < result.getNumGeometries(); i++) {
            Geometry part = result.getGeometryN(i);
            for (int j = 0; j < part.getNumGeometries(); j++) {
                Geometry polygon = part.getGeometryN(j);
                if (polygon instanceof org.locationtech.jts.geom.Polygon && polygon.getArea() < minimum) {
                    throw new RejectedException(DlqReason.INVALID_GEOMETRY,
                            "geometry: a polygon has no area (its vertices lie on one line once rounded to 6 decimals)");
                }
            }
        }
    }

    private Geometry part(Geometry g, Set<NormalizationChange> changes, String where) {
        if (g.isEmpty()) {
            throw new RejectedException(DlqReason.INVALID_GEOMETRY, where + ": " + g.getGeometryType() + " is empty");
        }
        requireOneDimension(g, where);
        if (g instanceof Puntal) {
            Geometry rounded = Rounding.round(g, fixed);
            noteRounding(g, rounded, changes);
            return rounded;
        }
        if (Antimeridian.crosses(g)) {
            return oriented(acrossTheAntimeridian(g, changes, where), changes);
        }
        Geometry rounded = Rounding.round(g, fixed);
        if (rounded == null || !isValid(rounded)) { // the common case, valid once rounded, costs one validity check
            Geometry work = g;
            if (!g.isValid()) {
                work = repair(g, where);
                changes.add(NormalizationChange.REPAIRED);
            }
            rounded = roundValidly(work, where);
        }
        noteRounding(g, rounded, changes);
        return oriented(rounded, changes);
    }

    /** JTS's judgement, skipped when the polygon's shape alone proves it valid (the usual zone or perimeter). */
    private static boolean isValid(Geometry rounded) {
        return StarShapedShell.provesValid(rounded) || rounded.isValid();
    }

    /** Unwrapped into continuous longitudes, repaired there if need be, split and rounded. */
    private Geometry acrossTheAntimeridian(Geometry g, Set<NormalizationChange> changes, String where) {
        Geometry work = Antimeridian.unwrap(g, floating);
        if (!work.isValid()) {
            work = repair(work, where);
            changes.add(NormalizationChange.REPAIRED);
        }
        work = Antimeridian.split(work, floating);
        changes.add(NormalizationChange.SPLIT_AT_ANTIMERIDIAN);
        Geometry rounded = roundValidly(work, where);
        noteRounding(work, rounded, changes);
        return rounded;
    }

    /** Rounded pointwise, or by JTS's snap-rounding reducer when that breaks validity. */
    private Geometry roundValidly(Geometry valid, String where) {
        Geometry rounded = Rounding.round(valid, fixed);
        return rounded != null && rounded.isValid() ? rounded : snapRound(valid, where);
    }

    private Geometry oriented(Geometry g, Set<NormalizationChange> changes) {
        return g instanceof Polygonal ? orient(g, changes) : g;
    }

    /**
     * Every position of a part has an altitude, or none has: a ring closed by {@code [lon, lat, alt]}
     * but opened by {@code [lon, lat]} leaves it to the processor to guess an altitude.
     */
    private static void requireOneDimension(Geometry part, String where) {
        Coordinate[] cs = part.getCoordinates();
        boolean withAltitude = !Double.isNaN(cs[0].getZ());
        for (Coordinate c : cs) {
            if (Double.isNaN(c.getZ()) == withAltitude) {
                throw new RejectedException(DlqReason.INVALID_GEOMETRY, where + ": positions mix [lon, lat] and [lon, lat, alt] ("
                        + c.x + ", " + c.y + "); the missing altitudes would be a guess");
            }
        }
    }

    /**
     * GeometryFixer's repair is taken as unambiguous when it keeps the dimension, leaves something,
     * and every vertex of every exterior ring the sender drew lies on or inside the result (so no
     * part of the drawn area is thrown away: a bow-tie keeps both lobes). Otherwise the sender must
     * say what they meant.
     */
    private Geometry repair(Geometry g, String where) {
        String why = new org.locationtech.jts.operation.valid.IsValidOp(g).getValidationError().toString();
        if (g.getNumPoints() > MAX_REPAIR_VERTICES) {
            throw new RejectedException(DlqReason.INVALID_GEOMETRY, where + ": " + why + "; an invalid geometry of "
                    + g.getNumPoints() + " vertices is over the repair limit of " + MAX_REPAIR_VERTICES + ", so send it valid");
        }
        Geometry fixedG = GeometryFixer.fix(g);
        if (fixedG.isEmpty() || fixedG.getDimension() != g.getDimension()) {
            throw new RejectedException(DlqReason.INVALID_GEOMETRY, where + ": " + why
                    + "; repair would collapse it to " + (fixedG.isEmpty() ? "nothing" : fixedG.getGeometryType()));
        }
        if (g instanceof Polygonal) {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                for (Coordinate c : ((Polygon) g.getGeometryN(i)).getExteriorRing().getCoordinates()) {
                    if (!fixedG.covers(floating.createPoint(c))) {
                        throw new RejectedException(DlqReason.INVALID_GEOMETRY, where + ": " + why
                                + "; repair would drop the drawn vertex (" + c.x + ", " + c.y + "), so it is ambiguous");
                    }
                }
            }
        }
        return fixedG;
    }

    private Geometry snapRound(Geometry g, String where) {
        Geometry reduced;
        try {
            reduced = GeometryPrecisionReducer.reduce(g, PRECISION);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(DlqReason.INVALID_GEOMETRY, where + ": cannot be rounded to 6 decimals validly");
        }
        if (reduced.isEmpty() || reduced.getDimension() != g.getDimension()) {
            throw new RejectedException(DlqReason.INVALID_GEOMETRY, where + ": collapses below the 6-decimal (0.1 m) precision");
        }
        return fixed.createGeometry(reduced);
    }

    private static void noteRounding(Geometry before, Geometry after, Set<NormalizationChange> changes) {
        Coordinate[] a = before.getCoordinates();
        Coordinate[] b = after.getCoordinates();
        if (a.length != b.length) {
            changes.add(NormalizationChange.ROUNDED);
            return;
        }
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals2D(b[i])) {
                changes.add(NormalizationChange.ROUNDED);
                return;
            }
        }
    }

    /** JTS normal form (deterministic ring starts and part order), then RFC 7946 winding. */
    private Geometry orient(Geometry polygonal, Set<NormalizationChange> changes) {
        Geometry normal = polygonal.copy();
        for (int i = 0; i < polygonal.getNumGeometries(); i++) {
            Polygon p = (Polygon) polygonal.getGeometryN(i);
            boolean rfc = Orientation.isCCW(p.getExteriorRing().getCoordinateSequence());
            for (int h = 0; h < p.getNumInteriorRing() && rfc; h++) {
                rfc = !Orientation.isCCW(p.getInteriorRingN(h).getCoordinateSequence());
            }
            if (!rfc) {
                changes.add(NormalizationChange.REORIENTED);
            }
        }
        normal.normalize();
        Polygon[] parts = new Polygon[normal.getNumGeometries()];
        for (int i = 0; i < parts.length; i++) {
            Polygon p = (Polygon) normal.getGeometryN(i);
            LinearRing shell = ring(p.getExteriorRing(), true);
            LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
            for (int h = 0; h < holes.length; h++) {
                holes[h] = ring(p.getInteriorRingN(h), false);
            }
            parts[i] = fixed.createPolygon(shell, holes);
        }
        return polygonal instanceof MultiPolygon ? fixed.createMultiPolygon(parts) : parts[0];
    }

    private LinearRing ring(LinearRing r, boolean counterClockwise) {
        boolean ccw = Orientation.isCCW(r.getCoordinateSequence());
        return ccw == counterClockwise ? fixed.createLinearRing(r.getCoordinateSequence()) : fixed.createLinearRing(r.reverse().getCoordinateSequence());
    }

    private static void checkRange(Geometry g, String crsCode) {
        String after = CrsTransforms.isWgs84(crsCode) ? "" : " after reprojection from " + crsCode;
        for (Coordinate c : g.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y) || (!Double.isNaN(c.getZ()) && !Double.isFinite(c.getZ()))) {
                throw new RejectedException(DlqReason.COORDINATE_OUT_OF_RANGE,
                        "geometry: position (" + c.x + ", " + c.y + ") is not finite" + after);
            }
            if (c.x < -180 || c.x > 180) {
                throw new RejectedException(DlqReason.COORDINATE_OUT_OF_RANGE,
                        "geometry: longitude " + c.x + " is outside [-180, 180]" + after);
            }
            if (c.y < -90 || c.y > 90) {
                throw new RejectedException(DlqReason.COORDINATE_OUT_OF_RANGE,
                        "geometry: latitude " + c.y + " is outside [-90, 90]" + after);
            }
        }
    }
}
