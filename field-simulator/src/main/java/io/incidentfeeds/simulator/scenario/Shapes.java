package io.incidentfeeds.simulator.scenario;

import io.incidentfeeds.schemas.json.ContractJson;
import java.util.Random;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** GeoJSON shapes of the field: unit positions, fire perimeters, road closures. */
final class Shapes {

    private static final double METERS_PER_DEGREE_LAT = 111_320.0;
    private static final double EARTH_RADIUS = 6_378_137.0;

    private Shapes() {
    }

    /** Moves a point {@code meters} along {@code headingDegrees} (0 = north). */
    static double[] move(double lon, double lat, double meters, double headingDegrees) {
        double heading = Math.toRadians(headingDegrees);
        double dLat = meters * Math.cos(heading) / METERS_PER_DEGREE_LAT;
        double dLon = meters * Math.sin(heading) / (METERS_PER_DEGREE_LAT * Math.cos(Math.toRadians(lat)));
        return new double[] {lon + dLon, lat + dLat};
    }

    /** A GPS fix: the true position plus Gaussian noise of about {@code sigmaMeters}. */
    static double[] gpsFix(double lon, double lat, double sigmaMeters, Random random) {
        return move(lon, lat, Math.abs(random.nextGaussian()) * sigmaMeters, random.nextDouble() * 360);
    }

    static ObjectNode point(double[] lonLat, boolean mercator) {
        ObjectNode geometry = ContractJson.mapper().createObjectNode();
        geometry.put("type", "Point");
        geometry.set("coordinates", position(lonLat, mercator));
        return geometry;
    }

    /**
     * An irregular ring around a centre, counter-clockwise as RFC 7946 wants, of {@code vertices}
     * points: a fire perimeter or a hazmat zone.
     */
    static ObjectNode perimeter(double lon, double lat, double radiusMeters, int vertices, Random random, boolean mercator) {
        ArrayNode ring = ContractJson.mapper().createArrayNode();
        double[] first = null;
        for (int i = 0; i < vertices; i++) {
            double bearing = 360.0 * i / vertices;
            // Counter-clockwise: walk the bearings backwards (bearing is clockwise from north).
            double r = radiusMeters * (0.85 + 0.3 * random.nextDouble());
            double[] p = move(lon, lat, r, -bearing);
            if (first == null) {
                first = p;
            }
            ring.add(position(p, mercator));
        }
        ring.add(position(first, mercator));
        return polygon(ring);
    }

    /** A closed stretch of road: a thin rectangle from the start point along a heading. */
    static ObjectNode closure(double lon, double lat, double lengthMeters, double headingDegrees, boolean mercator) {
        double[] a = move(lon, lat, 6, headingDegrees - 90);
        double[] b = move(lon, lat, 6, headingDegrees + 90);
        double[] c = move(b[0], b[1], lengthMeters, headingDegrees);
        double[] d = move(a[0], a[1], lengthMeters, headingDegrees);
        ArrayNode ring = ContractJson.mapper().createArrayNode();
        // a, d, c, b is counter-clockwise for a heading of 0..180; orientation is normalized downstream anyway.
        for (double[] p : new double[][] {a, b, c, d, a}) {
            ring.add(position(p, mercator));
        }
        return polygon(ring);
    }

    private static ObjectNode polygon(ArrayNode ring) {
        ObjectNode geometry = ContractJson.mapper().createObjectNode();
        geometry.put("type", "Polygon");
        geometry.putArray("coordinates").add(ring);
        return geometry;
    }

    private static ArrayNode position(double[] lonLat, boolean mercator) {
        ArrayNode position = ContractJson.mapper().createArrayNode();
        if (mercator) {
            double[] xy = toWebMercator(lonLat[0], lonLat[1]);
            position.add(round(xy[0], 2));
            position.add(round(xy[1], 2));
        } else {
            // Receivers report about 7 decimals (1 cm); the processor rounds to 6.
            position.add(round(lonLat[0], 7));
            position.add(round(lonLat[1], 7));
        }
        return position;
    }

    /** EPSG:4326 to EPSG:3857 (spherical Web Mercator), as legacy senders publish. */
    static double[] toWebMercator(double lon, double lat) {
        double x = EARTH_RADIUS * Math.toRadians(lon);
        double y = EARTH_RADIUS * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2));
        return new double[] {x, y};
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
