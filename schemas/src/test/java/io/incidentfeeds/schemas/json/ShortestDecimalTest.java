package io.incidentfeeds.schemas.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentfeeds.schemas.geojson.GeoJsonGeometries;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;

/** The short cut must write exactly what the generator would, whichever double writer it uses. */
class ShortestDecimalTest {

    private static final ObjectWriter FAST = ContractJson.mapper().writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
    private static final ObjectWriter JDK = ContractJson.mapper().writer().without(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);

    @Test
    void coordinatesAtTheContractsPrecisionAreWrittenAsTheGeneratorWouldWriteThem() {
        Random random = new Random(20261123L);
        int shortCut = 0;
        for (int i = 0; i < 300_000; i++) {
            double lon = Math.round((random.nextDouble() * 360 - 180) * 1e6) / 1e6;
            double lat = Math.round((random.nextDouble() * 180 - 90) * 1e6) / 1e6;
            double fewer = Math.round((random.nextDouble() * 2e7 - 1e7) * 1e3) / 1e3;
            for (double v : new double[] {lon, lat, fewer}) {
                assertSameAsGenerator(v);
                shortCut += ShortestDecimal.sixDecimals(v, new char[15]) > 0 ? 1 : 0;
            }
        }
        assertTrue(shortCut > 850_000, "most of them take the short cut: " + shortCut);
    }

    @Test
    void everythingElseIsLeftToTheGenerator() {
        Random random = new Random(7L);
        for (int i = 0; i < 200_000; i++) {
            assertSameAsGenerator(Double.longBitsToDouble(random.nextLong())); // any double, NaN included
            assertSameAsGenerator(random.nextGaussian() * 1e4);
        }
    }

    @Test
    void edgesOfTheShortCut() {
        double[] edges = {0.0, -0.0, 1e-3, -1e-3, 9.99e-4, 1e-6, 5e-7, 1e7, -1e7, 9_999_999.999999, 9_999_999.9999995,
            0.1, 0.2, 0.3, 1.0, -1.0, 10.0, 100.5, 179.999999, -180.0, 90.000001, 0.000999, 0.001001, 123456.000001,
            Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Math.nextUp(0.1), Math.nextDown(0.1), Math.nextUp(179.999999), 1.0000005, 2.5e-3, 4.35, 0.07};
        for (double v : edges) {
            assertSameAsGenerator(v);
        }
        assertEquals(-1, ShortestDecimal.sixDecimals(Math.nextUp(0.1), new char[15]), "not six decimals: the generator's");
        assertEquals(-1, ShortestDecimal.sixDecimals(-0.0, new char[15]), "zero keeps its sign: the generator's");
    }

    @Test
    void aStreamedGeometryIsTheTreeWrittenByTheGenerator() {
        List<String> geometries = new ArrayList<>(List.of(
                "{\"type\":\"Point\",\"coordinates\":[-122.419416,37.774929]}",
                "{\"type\":\"Point\",\"coordinates\":[1,2,3.5]}",
                "{\"coordinates\":[[[0,0],[1e-9,0.5],[1.25,1E+3],[0,0]]],\"type\":\"Polygon\",\"extra\":{\"a\":[true,null,\"q\\\"\\u00e9\"]}}",
                "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"LineString\",\"coordinates\":[[10.1,20.2],[-0.0,12345678901234]]}]}"));
        Random random = new Random(3L);
        StringBuilder ring = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        for (int i = 0; i < 200; i++) {
            ring.append(i == 0 ? "" : ",").append('[').append(random.nextDouble() * 360 - 180).append(',')
                    .append(Math.round((random.nextDouble() * 180 - 90) * 1e6) / 1e6).append(']');
        }
        geometries.add(ring.append("]]}").toString());
        for (String json : geometries) {
            JsonNode tree = ContractJson.mapper().readTree(json);
            for (ObjectWriter writer : List.of(FAST, JDK)) {
                assertEquals(written(writer, g -> g.writeTree(tree)), written(writer, g -> GeoJsonGeometries.stream(tree, g)), json);
            }
        }
    }

    private static void assertSameAsGenerator(double v) {
        for (ObjectWriter writer : List.of(FAST, JDK)) {
            String expected = written(writer, g -> g.writeNumber(v));
            assertEquals(expected, written(writer, g -> ShortestDecimal.write(g, v)), () -> "for " + expected);
        }
    }

    private static String written(ObjectWriter writer, Consumer<JsonGenerator> write) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = writer.createGenerator(out)) {
            g.writeStartArray();
            write.accept(g);
            g.writeEndArray();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
