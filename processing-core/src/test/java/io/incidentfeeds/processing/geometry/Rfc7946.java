package io.incidentfeeds.processing.geometry;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What RFC 7946 and the processor promise of a normalized geometry, checked on the GeoJSON itself
 * (not through JTS, so that the check does not share the normalizer's code): exterior rings
 * counter-clockwise and holes clockwise (shoelace formula), rings closed, positions in WGS84 with at
 * most six decimals, no position repeated next to itself, and no segment longer than 180 degrees of
 * longitude (nothing crosses the antimeridian unsplit).
 */
final class Rfc7946 {

    private Rfc7946() {
    }

    /** Every way {@code geometry} breaks the promise; empty when it keeps it. */
    static List<String> problems(JsonNode geometry) {
        List<String> problems = new ArrayList<>();
        check(geometry, "geometry", problems);
        return problems;
    }

    private static void check(JsonNode g, String where, List<String> problems) {
        JsonNode c = g.path("coordinates");
        switch (g.path("type").asString()) {
            case "Point" -> position(c, where, problems);
            case "MultiPoint" -> c.forEach(p -> position(p, where, problems));
            case "LineString" -> line(c, where, problems);
            case "MultiLineString" -> c.forEach(l -> line(l, where, problems));
            case "Polygon" -> polygon(c, where, problems);
            case "MultiPolygon" -> c.forEach(p -> polygon(p, where, problems));
            case "GeometryCollection" -> {
                int i = 0;
                for (JsonNode member : g.path("geometries")) {
                    check(member, where + ".geometries[" + i++ + "]", problems);
                }
            }
            default -> problems.add(where + ": unknown type " + g.path("type"));
        }
    }

    private static void polygon(JsonNode rings, String where, List<String> problems) {
        for (int r = 0; r < rings.size(); r++) {
            JsonNode ring = rings.get(r);
            line(ring, where, problems);
            if (!ring.get(0).equals(ring.get(ring.size() - 1))) {
                problems.add(where + ": ring " + r + " is not closed");
            }
            double area = signedArea(ring);
            if (r == 0 && area <= 0) {
                problems.add(where + ": exterior ring is not counter-clockwise (signed area " + area + ")");
            }
            if (r > 0 && area >= 0) {
                problems.add(where + ": hole " + r + " is not clockwise (signed area " + area + ")");
            }
        }
    }

    private static void line(JsonNode positions, String where, List<String> problems) {
        for (int i = 0; i < positions.size(); i++) {
            position(positions.get(i), where, problems);
            if (i > 0) {
                JsonNode a = positions.get(i - 1);
                JsonNode b = positions.get(i);
                if (a.get(0).asDouble() == b.get(0).asDouble() && a.get(1).asDouble() == b.get(1).asDouble()) {
                    problems.add(where + ": position " + b + " repeated");
                }
                if (Math.abs(a.get(0).asDouble() - b.get(0).asDouble()) > 180) {
                    problems.add(where + ": segment " + a + " -> " + b + " crosses the antimeridian");
                }
            }
        }
    }

    private static void position(JsonNode p, String where, List<String> problems) {
        double lon = p.get(0).asDouble();
        double lat = p.get(1).asDouble();
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
            problems.add(where + ": position " + p + " is outside WGS84");
        }
        for (int i = 0; i < 2; i++) {
            if (BigDecimal.valueOf(p.get(i).asDouble()).stripTrailingZeros().scale() > 6) {
                problems.add(where + ": " + p.get(i) + " has more than 6 decimals");
            }
        }
    }

    /** Shoelace: positive for counter-clockwise in a lon/lat plane. */
    static double signedArea(JsonNode ring) {
        double sum = 0;
        for (int i = 1; i < ring.size(); i++) {
            JsonNode a = ring.get(i - 1);
            JsonNode b = ring.get(i);
            sum += a.get(0).asDouble() * b.get(1).asDouble() - b.get(0).asDouble() * a.get(1).asDouble();
        }
        return sum / 2;
    }
}
