package io.incidentfeeds.processing.geometry;

import tools.jackson.databind.JsonNode;

/**
 * Whether a GeoJSON geometry has a polygon ring whose last position differs from its first. The
 * contract's reader ({@code GeoJsonGeometries}) closes such rings silently; this tells the
 * normalizer that it happened, for the {@link NormalizationChange#CLOSED_RING} metric.
 */
final class OpenRings {

    private OpenRings() {
    }

    static boolean any(JsonNode geometry) {
        JsonNode coordinates = geometry.path("coordinates");
        return switch (geometry.path("type").asString("")) {
            case "Polygon" -> polygonOpen(coordinates);
            case "MultiPolygon" -> anyPolygonOpen(coordinates);
            case "GeometryCollection" -> anyMemberOpen(geometry.path("geometries"));
            default -> false;
        };
    }

    private static boolean anyMemberOpen(JsonNode members) {
        for (JsonNode member : members) {
            if (any(member)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyPolygonOpen(JsonNode polygons) {
        for (JsonNode polygon : polygons) {
            if (polygonOpen(polygon)) {
                return true;
            }
        }
        return false;
    }

    private static boolean polygonOpen(JsonNode rings) {
        for (JsonNode ring : rings) {
            if (!ring.isEmpty() && !samePosition(ring.get(0), ring.get(ring.size() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** Numerically, as the reader compares them: {@code [1, 2]} and {@code [1.0, 2.0]} are one position. */
    private static boolean samePosition(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (Double.compare(a.get(i).asDouble(), b.get(i).asDouble()) != 0) {
                return false;
            }
        }
        return true;
    }
}
