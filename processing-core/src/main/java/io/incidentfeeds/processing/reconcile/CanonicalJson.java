package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.schemas.geojson.GeoJsonGeometries;
import io.incidentfeeds.schemas.json.ShortestDecimal;
import io.incidentfeeds.schemas.json.StreamedJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field values as canonical JSON bytes: object members sorted by name at every level, so that two
 * values are equal exactly when their bytes are, whatever member order the sender used.
 */
final class CanonicalJson {

    // A plain mapper: values were parsed under the contract's limits already, and the bytes must not
    // depend on naming strategies or inclusion rules.
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final ObjectWriter GEOMETRY_WRITER = MAPPER.writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
    static final byte[] TRUE = bytes(JsonNodeFactory.instance.booleanNode(true));
    static final byte[] FALSE = bytes(JsonNodeFactory.instance.booleanNode(false));
    static final byte[] NULL = bytes(JsonNodeFactory.instance.nullNode());

    private CanonicalJson() {
    }

    static byte[] bytes(JsonNode value) {
        return value.isString() ? string(value.asString()) : MAPPER.writeValueAsBytes(sorted(value));
    }

    /**
     * A geometry whose member order is already fixed (the normalized geometry: type first, as GeoJSON
     * writes it), streamed with the shortest-decimal writer (Schubfach), whose short cut for
     * six-decimal coordinates ({@code ShortestDecimal}) halved what this cost per edit. For such
     * coordinates the bytes are those the JDK 17 writer gave before (checked for every six-decimal
     * value from 0.001 to 180, and a sample up to 10^7); a geometry in the store from an older
     * processor therefore still compares equal.
     */
    static byte[] asIs(JsonNode geometry) {
        byte[] point = point(geometry);
        return point != null ? point : GEOMETRY_WRITER.writeValueAsBytes(StreamedJson.of(g -> GeoJsonGeometries.stream(geometry, g)));
    }

    private static final byte[] POINT = "{\"type\":\"Point\",\"coordinates\":[".getBytes(StandardCharsets.US_ASCII);

    /**
     * A Point of two or three six-decimal coordinates, written without a generator: three edits in
     * four carry one, and setting up a generator for its 50 bytes cost more than writing them. Null
     * for anything else, which the generator writes.
     */
    private static byte[] point(JsonNode geometry) {
        Iterator<Map.Entry<String, JsonNode>> members = geometry.properties().iterator();
        if (!members.hasNext() || !isPointType(members.next()) || !members.hasNext()) {
            return null;
        }
        Map.Entry<String, JsonNode> coordinates = members.next();
        JsonNode position = coordinates.getValue();
        if (members.hasNext() || !coordinates.getKey().equals("coordinates") || !position.isArray() || position.size() < 2
                || position.size() > 3) {
            return null;
        }
        byte[] out = Arrays.copyOf(POINT, POINT.length + 3 * (ShortestDecimal.MAX_CHARS + 1) + 1);
        int at = POINT.length;
        char[] digits = new char[ShortestDecimal.MAX_CHARS];
        for (int i = 0; i < position.size(); i++) {
            JsonNode c = position.get(i);
            int length = c.isDouble() ? ShortestDecimal.sixDecimals(c.doubleValue(), digits) : -1;
            if (length < 0) {
                return null;
            }
            if (i > 0) {
                out[at++] = ',';
            }
            for (int k = 0; k < length; k++) {
                out[at++] = (byte) digits[k];
            }
        }
        out[at++] = ']';
        out[at++] = '}';
        return Arrays.copyOf(out, at);
    }

    private static boolean isPointType(Map.Entry<String, JsonNode> member) {
        return member.getKey().equals("type") && member.getValue().isString() && member.getValue().asString().equals("Point");
    }

    static byte[] string(String text) {
        // Printable ASCII without a quote or backslash is written as it is, between quotes: done
        // here without a generator per value (every edit has a few). Anything else, the mapper.
        byte[] json = new byte[text.length() + 2];
        json[0] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return MAPPER.writeValueAsBytes(JsonNodeFactory.instance.stringNode(text));
            }
            json[i + 1] = (byte) c;
        }
        json[json.length - 1] = '"';
        return json;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            members.sort(Map.Entry.comparingByKey());
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            members.forEach(m -> out.set(m.getKey(), sorted(m.getValue())));
            return out;
        }
        if (node.isArray() && containsObject(node)) { // arrays of numbers (coordinates) stay as they are
            var out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }

    private static boolean containsObject(JsonNode node) {
        if (node.isObject()) {
            return true;
        }
        for (JsonNode n : node) {
            if (n.isContainer() && containsObject(n)) {
                return true;
            }
        }
        return false;
    }
}
