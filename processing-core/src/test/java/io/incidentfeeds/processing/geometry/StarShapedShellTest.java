package io.incidentfeeds.processing.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * The shape proof never calls valid what JTS calls invalid, and it does prove the shapes it is for:
 * zones, circles and ragged perimeters drawn round a point, in either winding.
 */
class StarShapedShellTest {

    private static final GeometryFactory FACTORY = new GeometryFactory(GeometryNormalizer.PRECISION);

    @Example
    void aConvexCordonARectangleAndARaggedPerimeterAreProvedInEitherWinding() {
        List<Polygon> shapes = List.of(
                regular(12, 0.01),
                polygon("POLYGON ((-122.42 37.77, -122.40 37.77, -122.40 37.78, -122.42 37.78, -122.42 37.77))"),
                ragged(150, 42));
        for (Polygon shape : shapes) {
            assertThat(StarShapedShell.provesValid(shape)).as("%s", shape).isTrue();
            assertThat(StarShapedShell.provesValid(shape.reverse())).as("reversed %s", shape).isTrue();
        }
    }

    @Example
    void aBowTieAPentagramAndARepeatedVertexAreNotProved() {
        assertThat(StarShapedShell.provesValid(polygon("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))"))).isFalse();
        // A regular pentagon's vertices taken every other one: each edge turns the same way round
        // the centre, but the ring goes round it twice.
        Coordinate[] pentagon = regular(5, 1).getExteriorRing().getCoordinates();
        Coordinate[] pentagram = {pentagon[0], pentagon[2], pentagon[4], pentagon[1], pentagon[3], pentagon[0]};
        assertThat(StarShapedShell.provesValid(FACTORY.createPolygon(pentagram))).isFalse();
        assertThat(StarShapedShell.provesValid(polygon("POLYGON ((0 0, 2 0, 2 0, 2 2, 0 2, 0 0))"))).isFalse();
    }

    @Example
    void whatItDoesNotProveIsLeftToJts() {
        Geometry crescent = polygon("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 9, 9 9, 9 1, 0 1, 0 0))");
        Geometry withHole = polygon("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 4 6, 6 6, 6 4, 4 4))");

        assertThat(StarShapedShell.provesValid(crescent)).isFalse();
        assertThat(StarShapedShell.provesValid(withHole)).isFalse();
        assertThat(crescent.isValid()).isTrue();
        assertThat(withHole.isValid()).isTrue();
    }

    /** Rings on a 7 x 7 grid: collinear runs, touching vertices, repeats and crossings are frequent. */
    @Property(tries = 3000)
    void aProvedRingOnACoarseGridIsValidToJts(@ForAll("gridRings") Polygon ring) {
        provedOnlyWhenJtsFindsItValid(ring, 5);
    }

    /** Ragged perimeters near San Francisco on the 6-decimal grid, some with vertices pulled far across. */
    @Property(tries = 1000)
    void aProvedPerimeterIsValidToJts(@ForAll("perimeters") Polygon perimeter) {
        provedOnlyWhenJtsFindsItValid(perimeter, 20);
    }

    /** The proof agrees with JTS when it answers, and the tries are not vacuous: both outcomes are drawn often enough. */
    private static void provedOnlyWhenJtsFindsItValid(Polygon polygon, double provedPercentAtLeast) {
        boolean proved = StarShapedShell.provesValid(polygon);
        if (proved) {
            assertThat(polygon.isValid()).as("%s", polygon).isTrue();
        }
        Statistics.label("outcome").collect(proved ? "proved" : polygon.isValid() ? "left to JTS, valid" : "left to JTS, invalid");
        Statistics.label("outcome").coverage(c -> {
            c.check("proved").percentage(p -> p > provedPercentAtLeast);
            c.check("left to JTS, invalid").percentage(p -> p > 5);
        });
    }

    @Provide
    Arbitrary<Polygon> gridRings() {
        Arbitrary<Coordinate> vertex = Arbitraries.integers().between(0, 6).tuple2()
                .map(t -> new Coordinate(t.get1(), t.get2()));
        return vertex.list().ofMinSize(3).ofMaxSize(9).map(StarShapedShellTest::closed)
                .map(FACTORY::createPolygon);
    }

    @Provide
    Arbitrary<Polygon> perimeters() {
        return Arbitraries.integers().between(3, 60).flatMap(n -> Arbitraries.longs().map(seed -> {
            java.util.Random random = new java.util.Random(seed);
            Coordinate[] ring = ragged(n, seed).getExteriorRing().getCoordinates();
            if (random.nextBoolean()) { // pull one vertex across the centre: often a crossing
                int i = random.nextInt(n);
                Coordinate far = ring[(i + n / 2) % n];
                ring[i] = new Coordinate(round(2 * far.x - ring[i].x), round(2 * far.y - ring[i].y));
                ring[n] = ring[0].copy();
            }
            return FACTORY.createPolygon(ring);
        }));
    }

    private static Coordinate[] closed(List<Coordinate> vertices) {
        List<Coordinate> ring = new ArrayList<>(vertices);
        ring.add(vertices.get(0).copy());
        return ring.toArray(Coordinate[]::new);
    }

    /** Like the benchmark's perimeters: a vertex every 1/n of a turn, each at a random distance from the centre. */
    private static Polygon ragged(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double radius = 0.002 + 0.018 * random.nextDouble();
        Coordinate[] ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * (i + 0.8 * random.nextDouble()) / n;
            double r = radius * (0.6 + 0.4 * random.nextDouble());
            ring[i] = new Coordinate(round(-122.42 + r * Math.cos(angle)), round(37.77 + r * Math.sin(angle)));
        }
        ring[n] = ring[0].copy();
        return FACTORY.createPolygon(ring);
    }

    private static Polygon regular(int n, double radius) {
        Coordinate[] ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * i / n;
            ring[i] = new Coordinate(round(radius * Math.cos(angle)), round(radius * Math.sin(angle)));
        }
        ring[n] = ring[0].copy();
        return FACTORY.createPolygon(ring);
    }

    private static double round(double degrees) {
        return GeometryNormalizer.PRECISION.makePrecise(degrees);
    }

    private static Polygon polygon(String wkt) {
        try {
            return (Polygon) new WKTReader(FACTORY).read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }
}
