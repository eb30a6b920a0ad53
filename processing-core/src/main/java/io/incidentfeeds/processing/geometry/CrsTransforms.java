package io.incidentfeeds.processing.geometry;

import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Reprojection of legacy {@code crs} coordinates to EPSG:4326 with proj4j, which knows the EPSG
 * registry (proj4j-epsg): EPSG:3857, every UTM zone (326xx/327xx), NAD83 state planes and more.
 *
 * <p>CRS definitions are parsed once and cached (parsing the registry is the expensive part);
 * transforms are created per call because proj4j's are not thread-safe. The cache is bounded, as a
 * stream of made-up codes must not grow memory.
 *
 * <p>proj4j clamps some inputs outside a projection's domain to its edge (an EPSG:3857 easting of
 * 30,000 km comes back as longitude 180) instead of failing. So every reprojected position is
 * projected forward again and must land where it started (within {@link #ROUND_TRIP_TOLERANCE}
 * projected units, or a billionth of the value), or the edit is refused as COORDINATE_OUT_OF_RANGE.
 */
public final class CrsTransforms {

    /** How far (in the source CRS's units: metres, feet or degrees) a round trip may drift. */
    static final double ROUND_TRIP_TOLERANCE = 1e-3;
    private static final int MAX_CACHED = 512;
    private static final CRSFactory CRS_FACTORY = new CRSFactory();
    private static final CoordinateTransformFactory TRANSFORMS = new CoordinateTransformFactory();
    private static final CoordinateReferenceSystem WGS84 = CRS_FACTORY.createFromName("EPSG:4326");

    private final Map<String, Optional<CoordinateReferenceSystem>> cache = new ConcurrentHashMap<>();

    /** True when {@code crs} needs no reprojection (absent or WGS84 lon/lat). */
    public static boolean isWgs84(String crs) {
        return crs == null || crs.equals("EPSG:4326");
    }

    /**
     * Reprojects {@code geometry} in place from {@code crs} to EPSG:4326. Throws UNSUPPORTED_CRS for
     * a code proj4j does not know, COORDINATE_OUT_OF_RANGE for a position outside the CRS's domain.
     */
    public void toWgs84(Geometry geometry, String crs) {
        CoordinateReferenceSystem source = lookup(crs);
        Reproject reproject = new Reproject(TRANSFORMS.createTransform(source, WGS84), TRANSFORMS.createTransform(WGS84, source));
        geometry.apply(reproject);
        geometry.geometryChanged();
        if (reproject.outside != null) {
            throw new RejectedException(DlqReason.COORDINATE_OUT_OF_RANGE, "geometry: position (" + reproject.outside.x + ", "
                    + reproject.outside.y + ") is outside the domain of " + crs + ": it has no place in WGS84");
        }
    }

    private CoordinateReferenceSystem lookup(String crs) {
        if (cache.size() > MAX_CACHED) {
            cache.clear();
        }
        return cache.computeIfAbsent(crs, CrsTransforms::create)
                .orElseThrow(() -> new RejectedException(DlqReason.UNSUPPORTED_CRS, "crs: " + crs + " is not a known CRS"));
    }

    private static Optional<CoordinateReferenceSystem> create(String crs) {
        try {
            return Optional.ofNullable(CRS_FACTORY.createFromName(crs));
        } catch (RuntimeException e) { // UnknownAuthorityCode, UnsupportedParameter, ...
            return Optional.empty();
        }
    }

    private static final class Reproject implements CoordinateSequenceFilter {
        private final CoordinateTransform toWgs84;
        private final CoordinateTransform back;
        private final ProjCoordinate in = new ProjCoordinate();
        private final ProjCoordinate out = new ProjCoordinate();
        private final ProjCoordinate again = new ProjCoordinate();
        /** The first position that did not survive the round trip, in source units. */
        private ProjCoordinate outside;

        Reproject(CoordinateTransform toWgs84, CoordinateTransform back) {
            this.toWgs84 = toWgs84;
            this.back = back;
        }

        @Override
        public void filter(CoordinateSequence seq, int i) {
            in.x = seq.getX(i);
            in.y = seq.getY(i);
            boolean inDomain;
            try {
                toWgs84.transform(in, out);
                back.transform(out, again);
                inDomain = lands(again.x, in.x) && lands(again.y, in.y);
            } catch (RuntimeException e) { // proj4j refused: outside the projection's domain
                inDomain = false;
            }
            if (!inDomain && outside == null) {
                outside = new ProjCoordinate(in.x, in.y);
            }
            seq.setOrdinate(i, 0, out.x);
            seq.setOrdinate(i, 1, out.y);
        }

        private static boolean lands(double roundTrip, double original) {
            return Math.abs(roundTrip - original) <= Math.max(ROUND_TRIP_TOLERANCE, Math.abs(original) * 1e-9);
        }

        @Override
        public boolean isDone() {
            return outside != null;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }
}
