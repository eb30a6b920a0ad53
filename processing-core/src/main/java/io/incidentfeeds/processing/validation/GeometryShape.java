package io.incidentfeeds.processing.validation;

import tools.jackson.databind.JsonNode;

/**
 * A hand-written check that a geometry satisfies the definition of its own type in
 * {@code geojson-geometry.schema.json} ({@code $defs/Point} ... {@code $defs/MultiPolygon}).
 *
 * <p>Why: the schema library walks every position of a polygon keyword by keyword, building a
 * path and an execution context per node; for a 200-vertex perimeter that was most of the
 * validator's time. This check answers only "certainly valid": any doubt (a wrong shape, a
 * GeometryCollection, a type it does not know) answers false, and the caller then asks the schema,
 * which decides and words the errors. So it can make validation cheaper but never change a verdict,
 * as long as it never says true for a geometry the schema refuses ({@code TelemetrySchemaTest}
 * compares the verdicts with the contract's whole schema).
 *
 * <p>The definitions it mirrors: {@code type} const; {@code coordinates} required; a position is an
 * array of 2 or 3 numbers; a line at least 2 positions; a ring at least 4; a polygon at least 1
 * ring; multi-geometries arrays of those (possibly empty); an optional {@code bbox} of 4 to 6
 * numbers; other members free.
 */
final class GeometryShape {

    private GeometryShape() {
    }

    static boolean certainlyValid(JsonNode geometry) {
        if (!geometry.isObject()) {
            return false;
        }
        JsonNode type = geometry.get("type");
        JsonNode coordinates = geometry.get("coordinates");
        JsonNode bbox = geometry.get("bbox");
        if (type == null || !type.isString() || coordinates == null || (bbox != null && !numbers(bbox, 4, 6))) {
            return false;
        }
        return switch (type.asString()) {
            case "Point" -> position(coordinates);
            case "MultiPoint" -> each(coordinates, 0, GeometryShape::position);
            case "LineString" -> line(coordinates);
            case "MultiLineString" -> each(coordinates, 0, GeometryShape::line);
            case "Polygon" -> polygon(coordinates);
            case "MultiPolygon" -> each(coordinates, 0, GeometryShape::polygon);
            default -> false; // GeometryCollection (a oneOf per member) and anything else: the schema decides
        };
    }

    private static boolean polygon(JsonNode rings) {
        return each(rings, 1, ring -> each(ring, 4, GeometryShape::position));
    }

    private static boolean line(JsonNode positions) {
        return each(positions, 2, GeometryShape::position);
    }

    private static boolean position(JsonNode node) {
        return numbers(node, 2, 3);
    }

    private static boolean numbers(JsonNode node, int min, int max) {
        if (!node.isArray() || node.size() < min || node.size() > max) {
            return false;
        }
        for (JsonNode n : node) {
            if (!n.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static boolean each(JsonNode node, int minItems, java.util.function.Predicate<JsonNode> item) {
        if (!node.isArray() || node.size() < minItems) {
            return false;
        }
        for (JsonNode n : node) {
            if (!item.test(n)) {
                return false;
            }
        }
        return true;
    }
}
