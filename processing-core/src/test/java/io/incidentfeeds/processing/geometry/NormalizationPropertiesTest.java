package io.incidentfeeds.processing.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.normalize.NormalizedEditJson;
import io.incidentfeeds.processing.validation.ValidatedTelemetry;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttTopic;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * For random valid geometries anywhere on Earth (including across the antimeridian), in either
 * winding, with or without altitude and with more decimals than kept: normalization accepts them,
 * is idempotent (a second pass changes nothing), and its output passes the telemetry schema and
 * RFC 7946's orientation and antimeridian rules.
 */
class NormalizationPropertiesTest {

    private static final SourcePosition SOURCE = new SourcePosition("incidents.raw", 0, 0);
    private static final MqttTopic SFFD_FIRE = new MqttTopic("sffd", "fire");

    private final EditNormalizer normalizer = new EditNormalizer(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER));

    @Property(tries = 250)
    void normalizingTwiceChangesNothingMore(@ForAll("geometries") JsonNode geometry) {
        NormalizedEdit once = normalize(geometry);
        EditNormalizer.Result twice = normalizer.normalize(validated(once.geometry()), SOURCE);

        assertThat(twice.edit()).isEqualTo(once);
        assertThat(NormalizedEditJson.toBytes(twice.edit())).isEqualTo(NormalizedEditJson.toBytes(once));
        assertThat(twice.changes()).isEmpty();
        Statistics.label("type").collect(once.geometry().get("type").asString());
    }

    @Property(tries = 250)
    void theOutputPassesTheSchemaAndRfc7946(@ForAll("geometries") JsonNode geometry) {
        NormalizedEdit edit = normalize(geometry);

        ObjectNode feature = NormalizedEditJson.toJson(edit).withObject("feature");
        assertThat(ContractValidator.shared().validate(ContractSchema.TELEMETRY, feature)).isEmpty();
        assertThat(Rfc7946.problems(edit.geometry())).isEmpty();
        assertThat(edit.bbox().size()).isIn(4, 6);
    }

    private NormalizedEdit normalize(JsonNode geometry) {
        return normalizer.normalize(validated(geometry), SOURCE).edit();
    }

    private static ValidatedTelemetry validated(JsonNode geometry) {
        ObjectNode feature = Payloads.seed();
        feature.set("geometry", geometry.deepCopy());
        return new ValidatedTelemetry(TelemetryCodec.read(feature), SFFD_FIRE);
    }

    @Provide
    Arbitrary<JsonNode> geometries() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, points()),
                Tuple.of(2, lines()),
                Tuple.of(5, polygons()),
                Tuple.of(1, multiPolygons()),
                Tuple.of(1, collections()));
    }

    private static Arbitrary<JsonNode> points() {
        return Combinators.combine(longitudes(), degrees(-90, 90), altitudes())
                .as((lon, lat, alt) -> geometry("Point", position(lon, lat, alt)));
    }

    /** A random walk of 2-30 steps of up to ~5 km, wrapped into [-180, 180]: may cross the antimeridian. */
    private static Arbitrary<JsonNode> lines() {
        return Combinators.combine(longitudes(), degrees(-80, 80), altitudes(),
                        degrees(-0.05, 0.05).list().ofMinSize(2).ofMaxSize(30))
                .as((lon, lat, alt, steps) -> {
                    ArrayNode positions = ContractJson.mapper().createArrayNode();
                    double x = lon;
                    double y = lat;
                    for (int i = 0; i < steps.size(); i++) {
                        x += steps.get(i);
                        y += steps.get((i + 1) % steps.size()) + (i % 2 == 0 ? 0.001 : -0.0005);
                        positions.add(position(wrap(x), y, alt));
                    }
                    return geometry("LineString", positions);
                });
    }

    private static Arbitrary<JsonNode> polygons() {
        return altitudes().flatMap(alt -> perimeters(alt).map(rings -> geometry("Polygon", rings)));
    }

    /** Two perimeters five degrees of latitude apart, both with altitudes or neither. */
    private static Arbitrary<JsonNode> multiPolygons() {
        return altitudes().flatMap(alt -> Combinators.combine(perimeters(alt), perimeters(alt)).as((a, b) -> {
            ArrayNode parts = ContractJson.mapper().createArrayNode();
            parts.add(a);
            parts.add(shiftLatitude(b, a.get(0).get(0).get(1).asDouble() > 0 ? -5 : 5));
            return geometry("MultiPolygon", parts);
        }));
    }

    private static Arbitrary<JsonNode> collections() {
        return Arbitraries.oneOf(points(), lines(), polygons()).list().ofMinSize(1).ofMaxSize(3).map(members -> {
            ObjectNode collection = ContractJson.mapper().createObjectNode();
            collection.put("type", "GeometryCollection");
            collection.putArray("geometries").addAll(members);
            return collection;
        });
    }

    /**
     * A star-shaped ring (so never self-intersecting) of 3-200 vertices, 100 m to 100 km across,
     * in random winding, sometimes with a star-shaped hole around the same centre.
     */
    private static Arbitrary<ArrayNode> perimeters(Double alt) {
        Arbitrary<Double> radius = degrees(0.001, 1.0);
        return Combinators.combine(longitudes(), degrees(-75, 75), radius,
                        Arbitraries.integers().between(3, 200), Arbitraries.longs(), Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as((lon, lat, r, n, seed, clockwise, withHole) -> {
                    java.util.Random random = new java.util.Random(seed);
                    ArrayNode rings = ContractJson.mapper().createArrayNode();
                    rings.add(star(lon, lat, r * 0.5, r, n, random, clockwise, alt));
                    if (withHole) {
                        rings.add(star(lon, lat, r * 0.1, r * 0.4, Math.max(3, n / 4), random, !clockwise, alt));
                    }
                    return rings;
                });
    }

    private static ArrayNode star(double lon, double lat, double minR, double maxR, int n, java.util.Random random,
                                  boolean clockwise, Double alt) {
        List<double[]> vertices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * (i + 0.8 * random.nextDouble()) / n;
            double r = minR + (maxR - minR) * random.nextDouble();
            vertices.add(new double[] {lon + r * Math.cos(angle), lat + r * Math.sin(angle)});
        }
        if (clockwise) {
            java.util.Collections.reverse(vertices);
        }
        vertices.add(vertices.get(0));
        ArrayNode ring = ContractJson.mapper().createArrayNode();
        vertices.forEach(v -> ring.add(position(wrap(v[0]), v[1], alt)));
        return ring;
    }

    private static ArrayNode shiftLatitude(ArrayNode rings, double by) {
        ArrayNode shifted = rings.deepCopy();
        shifted.forEach(ring -> ring.forEach(p -> ((ArrayNode) p).set(1, p.get(1).asDouble() + by)));
        return shifted;
    }

    /** Longitudes anywhere, but often near the antimeridian. */
    private static Arbitrary<Double> longitudes() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, degrees(-180, 180)),
                Tuple.of(1, degrees(179, 180)),
                Tuple.of(1, degrees(-180, -179)));
    }

    /** Degrees with nine decimals (about 0.1 mm): more than normalization keeps. */
    private static Arbitrary<Double> degrees(double min, double max) {
        return Arbitraries.doubles().between(min, max).ofScale(9);
    }

    private static Arbitrary<Double> altitudes() {
        return Arbitraries.doubles().between(-100, 9000).ofScale(1).injectNull(0.7);
    }

    private static double wrap(double lon) {
        return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
    }

    private static ArrayNode position(double lon, double lat, Double alt) {
        ArrayNode p = ContractJson.mapper().createArrayNode();
        p.add(lon);
        p.add(lat);
        if (alt != null) {
            p.add(alt);
        }
        return p;
    }

    private static ObjectNode geometry(String type, JsonNode coordinates) {
        ObjectNode g = ContractJson.mapper().createObjectNode();
        g.put("type", type);
        g.set("coordinates", coordinates);
        return g;
    }
}
