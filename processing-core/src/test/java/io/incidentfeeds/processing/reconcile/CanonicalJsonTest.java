package io.incidentfeeds.processing.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class CanonicalJsonTest {

    @Test
    void aStringIsWrittenAsTheMapperWritesIt() {
        for (String text : new String[] {"", "fire", "hazmat-2 (north)", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak",
                "\u0000\u001f\u007f", "caf\u00e9", "\u706b\u707d", "\ud83d\udd25", "~ !#$%&'()*+,-./:;<=>?@[]^_`{|}"}) {
            assertThat(new String(CanonicalJson.string(text), StandardCharsets.UTF_8)).as(text)
                    .isEqualTo(CanonicalJson.MAPPER.writeValueAsString(JsonNodeFactory.instance.stringNode(text)));
            assertThat(CanonicalJson.bytes(JsonNodeFactory.instance.stringNode(text))).isEqualTo(CanonicalJson.string(text));
        }
    }

    /** The geometry's bytes are its tree's with the shortest-decimal writer; for six-decimal coordinates, the plain mapper's too. */
    @Test
    void aGeometryIsStreamedAsTheMapperWritesItsTree() {
        String[] geometries = {
            "{\"type\":\"Point\",\"coordinates\":[-122.419416,37.774929]}",
            "{\"type\":\"Point\",\"coordinates\":[0.0,-0.0,12.5]}",
            "{\"type\":\"Point\",\"coordinates\":[179.999999,-89.000001,1.0E7]}",
            "{\"type\":\"LineString\",\"coordinates\":[[1.0E-7,2.5E-4],[1.23456789012,3]]}",
            "{\"type\":\"Polygon\",\"coordinates\":[[[-122.5,37.7],[-122.4,37.7],[-122.4,37.8],[-122.5,37.7]]]}",
            "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[179.5,1],[180,1],[180,2],[179.5,1]]],[[[-180,1],[-179.5,1],[-180,2],[-180,1]]]]}",
            "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":[1,2]}]}"};
        for (String geometry : geometries) {
            assertSameBytes(CanonicalJson.MAPPER.readTree(geometry));
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double lon = Math.round((random.nextDouble() * 360 - 180) * 1e6) / 1e6;
            double lat = Math.round((random.nextDouble() * 180 - 90) * 1e6) / 1e6;
            double alt = random.nextDouble() * 9_000;
            var point = JsonNodeFactory.instance.objectNode().put("type", "Point");
            point.putArray("coordinates").add(lon).add(lat);
            assertSameBytes(point);
            assertThat(new String(CanonicalJson.asIs(point), StandardCharsets.UTF_8)).isEqualTo(CanonicalJson.MAPPER.writeValueAsString(point));
            ((tools.jackson.databind.node.ArrayNode) point.get("coordinates")).add(alt);
            assertSameBytes(point);
        }
    }

    private static void assertSameBytes(JsonNode geometry) {
        assertThat(new String(CanonicalJson.asIs(geometry), StandardCharsets.UTF_8)).as(geometry.toString())
                .isEqualTo(CanonicalJson.GEOMETRY_WRITER.writeValueAsString(geometry));
    }
}
