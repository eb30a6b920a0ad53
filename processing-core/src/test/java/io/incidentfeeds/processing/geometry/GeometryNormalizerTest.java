package io.incidentfeeds.processing.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Geometry normalization, one situation at a time, judged on the GeoJSON that comes out. */
class GeometryNormalizerTest {

    private static final double EARTH_RADIUS_M = 6_378_137.0;

    private final GeometryNormalizer normalizer = new GeometryNormalizer();

    @Test
    void aWebMercatorPositionIsReprojectedByTheSphericalMercatorFormula() {
        double x = -13_627_361.0;
        double y = 4_547_675.0;

        JsonNode point = normalize("{\"type\":\"Point\",\"coordinates\":[" + x + "," + y + "]}", "EPSG:3857").geoJson();

        double lon = Math.toDegrees(x / EARTH_RADIUS_M);
        double lat = Math.toDegrees(Math.atan(Math.sinh(y / EARTH_RADIUS_M)));
        assertThat(point.get("coordinates").get(0).asDouble()).isCloseTo(lon, within(1e-6));
        assertThat(point.get("coordinates").get(1).asDouble()).isCloseTo(lat, within(1e-6));
    }

    @Test
    void utmZone10PutsItsCentralMeridianAtMinus123AndItsOriginOnTheEquator() {
        JsonNode origin = normalize("{\"type\":\"Point\",\"coordinates\":[500000,0]}", "EPSG:32610").geoJson();
        JsonNode north = normalize("{\"type\":\"Point\",\"coordinates\":[500000,4180000]}", "EPSG:32610").geoJson();

        assertThat(origin.get("coordinates")).isEqualTo(Payloads.json("[-123.0,0.0]"));
        assertThat(north.get("coordinates").get(0).asDouble()).isEqualTo(-123.0);
        assertThat(north.get("coordinates").get(1).asDouble()).isBetween(37.7, 37.8);
    }

    @Test
    void aCaliforniaStatePlanePositionInFeetLandsInSanFrancisco() {
        NormalizedGeometry g = normalize("{\"type\":\"Point\",\"coordinates\":[6000000,2100000]}", "EPSG:2227");

        assertThat(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER).intersecting(g.jts())).containsExactly("sf-county");
        assertThat(g.changes()).contains(NormalizationChange.REPROJECTED);
    }

    @Test
    void anUnknownEpsgCodeIsUnsupported() {
        assertRejected(() -> normalize("{\"type\":\"Point\",\"coordinates\":[1,2]}", "EPSG:999999"),
                DlqReason.UNSUPPORTED_CRS, "EPSG:999999");
    }

    @Test
    void aGpsJitterBelowTenCentimetresIsRoundedAwayWithTheRepeatedPointItLeaves() {
        NormalizedGeometry g = normalize("{\"type\":\"LineString\",\"coordinates\":"
                + "[[-122.4194001,37.7749],[-122.4194004,37.7749001],[-122.41,37.77]]}", null);

        assertThat(g.geoJson()).isEqualTo(Payloads.json("{\"type\":\"LineString\",\"coordinates\":[[-122.4194,37.7749],[-122.41,37.77]]}"));
        assertThat(g.changes()).containsExactly(NormalizationChange.ROUNDED);
    }

    @Test
    void aPerimeterSmallerThanTheRoundingCollapsesAndIsInvalid() {
        assertRejected(() -> normalize("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[0,0],[0.0000001,0],[0.0000001,0.0000001],[0,0.0000001],[0,0]]]}", null),
                DlqReason.INVALID_GEOMETRY, "0.1 m");
    }

    /** Found fuzzing: repairing this ring (77 KB, under the payload limit) took JTS over 28 s of CPU. */
    @Test
    void anInvalidGeometryOverTheRepairLimitIsRefusedWithoutTryingTheRepair() {
        int n = 4000;
        StringBuilder ring = new StringBuilder();
        for (int i = 0; i <= n; i++) { // a star whose spikes cross each other
            double angle = 2 * Math.PI * ((i % n) * 7L % n) / n;
            double r = 0.5 + 0.4 * (i % n % 2);
            ring.append(i > 0 ? "," : "").append('[').append(r * Math.cos(angle)).append(',').append(r * Math.sin(angle)).append(']');
        }
        assertRejected(() -> normalize("{\"type\":\"Polygon\",\"coordinates\":[[" + ring + "]]}", null),
                DlqReason.INVALID_GEOMETRY, "4001 vertices is over the repair limit of 500");
    }

    @Test
    void aBowTieIsRepairedIntoItsTwoTrianglesBothCounterClockwise() {
        NormalizedGeometry g = normalize("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}", null);

        assertThat(g.geoJson().get("type").asString()).isEqualTo("MultiPolygon");
        assertThat(g.geoJson().get("coordinates")).hasSize(2);
        assertThat(g.jts().getArea()).isEqualTo(0.5);
        assertThat(Rfc7946.problems(g.geoJson())).isEmpty();
        assertThat(g.changes()).contains(NormalizationChange.REPAIRED);
    }

    @Test
    void aRingTheSenderLeftOpenIsClosed() {
        NormalizedGeometry g = normalize("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}", null);

        assertThat(g.geoJson().get("coordinates").get(0)).hasSize(5);
        assertThat(g.changes()).containsExactly(NormalizationChange.CLOSED_RING);
    }

    @Test
    void aSpikeDrawnBackAlongItsOwnEdgeIsAmbiguousBecauseRepairWouldDropADrawnVertex() {
        assertRejected(() -> normalize("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[5,0],[5,5],[0,0]]]}", null),
                DlqReason.INVALID_GEOMETRY, "drop the drawn vertex (10.0, 0.0)");
    }

    @Test
    void aRingThatIsOnlyOnePointRepeatedCannotBeRepaired() {
        assertRejected(() -> normalize("{\"type\":\"Polygon\",\"coordinates\":[[[3,3],[3,3],[3,3],[3,3]]]}", null),
                DlqReason.INVALID_GEOMETRY, "collapse it to nothing");
    }

    @Test
    void aClockwiseShellAndCounterClockwiseHoleAreTurnedToTheRightHandRule() {
        NormalizedGeometry g = normalize("{\"type\":\"Polygon\",\"coordinates\":["
                + "[[0,0],[0,10],[10,10],[10,0],[0,0]],[[2,2],[4,2],[4,4],[2,4],[2,2]]]}", null);

        JsonNode rings = g.geoJson().get("coordinates");
        assertThat(Rfc7946.signedArea(rings.get(0))).isEqualTo(100.0);
        assertThat(Rfc7946.signedArea(rings.get(1))).isEqualTo(-4.0);
        assertThat(g.changes()).containsExactly(NormalizationChange.REORIENTED);
    }

    @Test
    void aPerimeterAcrossTheDateLineInFijiIsSplitInTwoAndItsBboxWrapsAround() {
        NormalizedGeometry g = normalize("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[179.5,-17],[-179.5,-17],[-179.5,-16],[179.5,-16],[179.5,-17]]]}", null);

        assertThat(g.geoJson().get("type").asString()).isEqualTo("MultiPolygon");
        assertThat(Rfc7946.problems(g.geoJson())).isEmpty();
        assertThat(g.bbox()).containsExactly(179.5, -17.0, -179.5, -16.0);
        assertThat(g.jts().getArea()).isCloseTo(1.0, within(1e-12));
        assertThat(g.changes()).contains(NormalizationChange.SPLIT_AT_ANTIMERIDIAN);
    }

    @Test
    void aFerryRouteAcrossTheDateLineIsCutWhereItCrossesWithTheLatitudeAndAltitudeInterpolated() {
        NormalizedGeometry g = normalize("{\"type\":\"LineString\",\"coordinates\":[[179,0,5],[-179,1,7]]}", null);

        assertThat(g.geoJson()).isEqualTo(Payloads.json("{\"type\":\"MultiLineString\",\"coordinates\":"
                + "[[[179.0,0.0,5.0],[180.0,0.5,6.0]],[[-180.0,0.5,6.0],[-179.0,1.0,7.0]]]}"));
        assertThat(g.bbox()).containsExactly(179.0, 0.0, 5.0, -179.0, 1.0, 7.0);
    }

    @Test
    void aPolarCapDrawnAlongTheAntimeridianIsNotSplit() {
        NormalizedGeometry g = normalize("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[-180,80],[0,80],[180,80],[180,90],[-180,90],[-180,80]]]}", null);

        assertThat(g.geoJson().get("type").asString()).isEqualTo("Polygon");
        assertThat(g.bbox()).containsExactly(-180.0, 80.0, 180.0, 90.0);
    }

    @Test
    void aRingThatCirclesThePoleAcrossTheDateLineCannotBeSplit() {
        assertRejected(() -> normalize("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[170,80],[-100,80],[-10,80],[80,80],[170,80]]]}", null), DlqReason.INVALID_GEOMETRY, "encircles a pole");
    }

    @Test
    void positionsThatMixAltitudeAndNoAltitudeInOnePartAreInvalid() {
        assertRejected(() -> normalize("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0,4.9]]]}", null),
                DlqReason.INVALID_GEOMETRY, "mix [lon, lat] and [lon, lat, alt]");
    }

    @Test
    void aCollectionIsNormalizedMemberByMemberAndKeepsItsAltitudes() {
        JsonNode example = Payloads.valid("geometry-collection-with-altitude").get("geometry");

        NormalizedGeometry g = normalizer.normalize(example, null);

        assertThat(g.geoJson()).isEqualTo(example);
        assertThat(g.bbox()).containsExactly(-122.41, 37.77, 12.5, -122.4, 37.78, 12.5);
        assertThat(g.changes()).isEmpty();
    }

    @Test
    void anInfiniteLongitudeIsOutOfRange() {
        assertRejected(() -> normalize("{\"type\":\"Point\",\"coordinates\":[1e999,0]}", null),
                DlqReason.COORDINATE_OUT_OF_RANGE, "not finite");
    }

    @Test
    void anEmptyMultiPointLocatesNothingAndIsInvalid() {
        assertRejected(() -> normalize("{\"type\":\"MultiPoint\",\"coordinates\":[]}", null), DlqReason.INVALID_GEOMETRY, "empty");
    }

    private NormalizedGeometry normalize(String geometry, String crs) {
        return normalizer.normalize(Payloads.json(geometry), crs);
    }

    private static void assertRejected(ThrowingCallable call, DlqReason reason, String detailPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.rejection().reason()).isEqualTo(reason);
            assertThat(e.rejection().detail()).contains(detailPart);
        });
    }
}
