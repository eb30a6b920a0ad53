package io.incidentfeeds.processing.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link TelemetrySchema} (geometry checked against its own type's definition) must accept and
 * refuse exactly what the contract's whole schema does ({@link ContractValidator}).
 */
class TelemetrySchemaTest {

    private static final TelemetrySchema DISPATCHED = new TelemetrySchema();

    @Example
    void everyContractExampleGetsTheSameVerdict() {
        Map<String, JsonNode> examples = Payloads.documentsUnder("examples/telemetry");
        examples.forEach((name, document) -> assertSameVerdict(name, document));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(20);
    }

    @Example
    void aWrongCoordinateIsReportedAtItsOwnPointerNotAmidTheOtherTypesNoise() {
        ObjectNode feature = Payloads.seedWithGeometry("{\"type\":\"Polygon\",\"coordinates\":[[[0,\"a\"],[1,0],[1,1],[0,0]]]}");

        assertThat(DISPATCHED.validate(feature)).singleElement()
                .hasToString("/geometry/coordinates/0/0/1: string found, number expected");
    }

    @Property(tries = 1000)
    void aMutatedGeometryGetsTheSameVerdict(@ForAll("geometries") JsonNode geometry, @ForAll("mutations") Mutation mutation) {
        ObjectNode feature = Payloads.seed();
        feature.set("geometry", mutation.apply(geometry.deepCopy()));

        boolean valid = assertSameVerdict(mutation.name(), feature);
        Statistics.label("verdict").collect(valid ? "valid" : "invalid");
    }

    private static boolean assertSameVerdict(String what, JsonNode document) {
        boolean contract = ContractValidator.shared().validate(ContractSchema.TELEMETRY, document).isEmpty();
        assertThat(DISPATCHED.validate(document).isEmpty()).as("%s: %s", what, document).isEqualTo(contract);
        return contract;
    }

    /** A change to a geometry that may or may not break the schema. */
    record Mutation(String name, java.util.function.UnaryOperator<JsonNode> change) {
        JsonNode apply(JsonNode geometry) {
            return change.apply(geometry);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Provide
    Arbitrary<JsonNode> geometries() {
        return Arbitraries.of(
                "{\"type\":\"Point\",\"coordinates\":[-122.4194,37.7749]}",
                "{\"type\":\"Point\",\"coordinates\":[-122.4194,37.7749,12.5]}",
                "{\"type\":\"MultiPoint\",\"coordinates\":[[1,2],[3,4]]}",
                "{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4],[5,6]]}",
                "{\"type\":\"MultiLineString\",\"coordinates\":[[[1,2],[3,4]],[[5,6],[7,8]]]}",
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}",
                "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}",
                "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":[1,2]},"
                        + "{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4]]}]}").map(Payloads::json);
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Arbitraries.of(
                new Mutation("unchanged", g -> g),
                new Mutation("type of another geometry", g -> put(g, "type", "LineString")),
                new Mutation("type Polygon", g -> put(g, "type", "Polygon")),
                new Mutation("type Point", g -> put(g, "type", "Point")),
                new Mutation("type MultiPolygon", g -> put(g, "type", "MultiPolygon")),
                new Mutation("type GeometryCollection", g -> put(g, "type", "GeometryCollection")),
                new Mutation("unknown type", g -> put(g, "type", "Circle")),
                new Mutation("type as a number", g -> ((ObjectNode) g).put("type", 7)),
                new Mutation("no type", g -> ((ObjectNode) g).without("type")),
                new Mutation("no coordinates", g -> ((ObjectNode) g).without("coordinates")),
                new Mutation("coordinates as a string", g -> ((ObjectNode) g).put("coordinates", "1,2")),
                new Mutation("coordinates nested once more", g -> nestDeeper(g)),
                new Mutation("first number as a string", g -> replaceFirstNumber(g)),
                new Mutation("empty coordinates", g -> ((ObjectNode) g).set("coordinates", Payloads.json("[]"))),
                new Mutation("a bbox of three", g -> ((ObjectNode) g).set("bbox", Payloads.json("[1,2,3]"))),
                new Mutation("a good bbox", g -> ((ObjectNode) g).set("bbox", Payloads.json("[1,2,3,4]"))),
                new Mutation("a foreign member", g -> ((ObjectNode) g).put("custom", true)),
                // the shapes GeometryShape's shortcut checks: each must still get the schema's verdict
                new Mutation("a bbox of seven", g -> ((ObjectNode) g).set("bbox", Payloads.json("[1,2,3,4,5,6,7]"))),
                new Mutation("a null bbox", g -> ((ObjectNode) g).putNull("bbox")),
                new Mutation("a bbox with a string", g -> ((ObjectNode) g).set("bbox", Payloads.json("[1,2,\"3\",4]"))),
                new Mutation("first position of four numbers", g -> firstPosition(g, p -> p.add(9))),
                new Mutation("first position of one number", g -> firstPosition(g, p -> p.remove(1))),
                new Mutation("first position empty", g -> firstPosition(g, ArrayNode::removeAll)),
                new Mutation("first position a number", g -> firstPositionReplaced(g)),
                new Mutation("innermost list shortened by one", g -> shortenInnermostList(g)),
                new Mutation("type null", g -> ((ObjectNode) g).putNull("type")),
                new Mutation("coordinates null", g -> ((ObjectNode) g).putNull("coordinates")),
                new Mutation("geometry as an array", g -> Payloads.json("[1,2]")),
                new Mutation("geometry as a string", g -> Payloads.json("\"Point\"")),
                new Mutation("a collection inside a collection", g -> Payloads.json(
                        "{\"type\":\"GeometryCollection\",\"geometries\":[" + g + "]}")));
    }

    private static JsonNode put(JsonNode g, String member, String value) {
        return ((ObjectNode) g).put(member, value);
    }

    private static JsonNode nestDeeper(JsonNode g) {
        if (g.has("coordinates")) {
            ArrayNode wrapper = ((ObjectNode) g).arrayNode();
            wrapper.add(g.get("coordinates"));
            ((ObjectNode) g).set("coordinates", wrapper);
        }
        return g;
    }

    /** The geometry's coordinates, or its first member's for a collection. */
    private static JsonNode coordinatesOf(JsonNode node) {
        return node.has("coordinates") ? node.get("coordinates") : node.path("geometries").path(0).path("coordinates");
    }

    /** The list of lists of positions' innermost list: the one whose members are positions or numbers. */
    private static JsonNode innermostList(JsonNode node) {
        JsonNode at = coordinatesOf(node);
        while (at.isArray() && at.size() > 0 && at.get(0).isArray() && at.get(0).size() > 0 && at.get(0).get(0).isArray()) {
            at = at.get(0);
        }
        return at;
    }

    /** The innermost array of the first member of the coordinates, i.e. the first position. */
    private static ArrayNode firstPositionOf(JsonNode node) {
        JsonNode at = coordinatesOf(node);
        while (at.isArray() && at.size() > 0 && at.get(0).isArray()) {
            at = at.get(0);
        }
        return at.isArray() ? (ArrayNode) at : null;
    }

    private static JsonNode firstPosition(JsonNode node, java.util.function.Consumer<ArrayNode> change) {
        ArrayNode position = firstPositionOf(node);
        if (position != null) {
            change.accept(position);
        }
        return node;
    }

    /** The first position replaced by a number. */
    private static JsonNode firstPositionReplaced(JsonNode node) {
        JsonNode at = innermostList(node);
        if (at.isArray() && at.size() > 0 && at.get(0).isArray()) {
            ((ArrayNode) at).set(0, ((ArrayNode) at).numberNode(5));
        }
        return node;
    }

    /** The list of positions (a line, a ring, a multipoint) one shorter: a ring of 3, a line of 1. */
    private static JsonNode shortenInnermostList(JsonNode node) {
        JsonNode at = innermostList(node);
        if (at.isArray() && at.size() > 0) {
            ((ArrayNode) at).remove(at.size() - 1);
        }
        return node;
    }

    private static JsonNode replaceFirstNumber(JsonNode node) {
        List<JsonNode> path = new java.util.ArrayList<>();
        JsonNode at = coordinatesOf(node);
        while (at.isArray() && at.size() > 0 && at.get(0).isArray()) {
            path.add(at);
            at = at.get(0);
        }
        if (at.isArray() && at.size() > 0) {
            ((ArrayNode) at).set(0, at.get(0).asString());
        }
        return node;
    }
}
