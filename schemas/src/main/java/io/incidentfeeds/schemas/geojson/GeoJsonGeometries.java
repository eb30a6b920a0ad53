package io.incidentfeeds.schemas.geojson;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ShortestDecimal;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts RFC 7946 geometry objects to JTS geometries and back.
 *
 * <p>Reading does not judge validity or ranges (that is the processor's work): it maps structure
 * only, and throws {@link IllegalArgumentException} naming the member when the structure is not a
 * geometry. Unclosed rings are kept as read, closed, so that the processor can decide whether to
 * repair them. Writing gives positions as {@code [lon, lat]} or {@code [lon, lat, alt]}.
 */
public final class GeoJsonGeometries {

    private GeoJsonGeometries() {
    }

    public static Geometry read(JsonNode geometry, GeometryFactory factory) {
        String type = geometry.path("type").asString("");
        JsonNode coords = geometry.path("coordinates");
        return switch (type) {
            case "Point" -> factory.createPoint(position(coords));
            case "MultiPoint" -> factory.createMultiPointFromCoords(positions(coords));
            case "LineString" -> factory.createLineString(positions(coords));
            case "MultiLineString" -> {
                LineString[] lines = new LineString[coords.size()];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = factory.createLineString(positions(coords.get(i)));
                }
                yield factory.createMultiLineString(lines);
            }
            case "Polygon" -> polygon(coords, factory);
            case "MultiPolygon" -> {
                Polygon[] polygons = new Polygon[coords.size()];
                for (int i = 0; i < polygons.length; i++) {
                    polygons[i] = polygon(coords.get(i), factory);
                }
                yield factory.createMultiPolygon(polygons);
            }
            case "GeometryCollection" -> {
                JsonNode members = geometry.path("geometries");
                Geometry[] parts = new Geometry[members.size()];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = read(members.get(i), factory);
                }
                yield factory.createGeometryCollection(parts);
            }
            default -> throw new IllegalArgumentException("geometry.type: not an RFC 7946 geometry: '" + type + "'");
        };
    }

    public static ObjectNode write(Geometry geometry) {
        ObjectNode node = ContractJson.mapper().createObjectNode();
        node.put("type", geometry.getGeometryType());
        if (geometry instanceof Point p) {
            node.set("coordinates", position(p.getCoordinate()));
        } else if (geometry instanceof LineString line) {
            node.set("coordinates", positions(line.getCoordinates()));
        } else if (geometry instanceof Polygon polygon) {
            node.set("coordinates", rings(polygon));
        } else if (geometry instanceof MultiPoint || geometry instanceof MultiLineString || geometry instanceof MultiPolygon) {
            ArrayNode parts = node.putArray("coordinates");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                parts.add(write(geometry.getGeometryN(i)).get("coordinates"));
            }
        } else if (geometry instanceof GeometryCollection) {
            ArrayNode parts = node.putArray("geometries");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                parts.add(write(geometry.getGeometryN(i)));
            }
        } else {
            throw new IllegalArgumentException("unsupported geometry " + geometry.getGeometryType());
        }
        return node;
    }

    /**
     * Streams a geometry object (or any part of one) to {@code g}, member by member as
     * {@code g.writeTree} would, with each double through {@link ShortestDecimal}: the same bytes,
     * and coordinates at the contract's precision written without the general shortest-decimal search.
     */
    public static void stream(JsonNode node, JsonGenerator g) {
        if (node.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                g.writeName(member.getKey());
                stream(member.getValue(), g);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) {
                stream(element, g);
            }
            g.writeEndArray();
        } else if (node.isDouble()) {
            ShortestDecimal.write(g, node.doubleValue());
        } else if (node.isString()) {
            g.writeString(node.asString());
        } else {
            g.writeTree(node);
        }
    }

    private static Polygon polygon(JsonNode rings, GeometryFactory factory) {
        if (rings.isEmpty()) {
            return factory.createPolygon();
        }
        LinearRing shell = ring(rings.get(0), factory);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), factory);
        }
        return factory.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode coords, GeometryFactory factory) {
        Coordinate[] points = positions(coords);
        if (points.length > 0 && !points[0].equals3D(points[points.length - 1])) {
            Coordinate[] closed = java.util.Arrays.copyOf(points, points.length + 1);
            closed[points.length] = points[0].copy();
            points = closed;
        }
        if (points.length > 0 && points.length < 4) {
            throw new IllegalArgumentException("polygon ring: needs at least 4 positions, has " + points.length);
        }
        return factory.createLinearRing(points);
    }

    private static Coordinate[] positions(JsonNode array) {
        Coordinate[] coordinates = new Coordinate[array.size()];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = position(array.get(i));
        }
        return coordinates;
    }

    private static Coordinate position(JsonNode position) {
        if (!position.isArray() || position.size() < 2 || position.size() > 3) {
            throw new IllegalArgumentException("position: must be [lon, lat] or [lon, lat, alt]");
        }
        double x = position.get(0).asDouble();
        double y = position.get(1).asDouble();
        return position.size() == 3 ? new Coordinate(x, y, position.get(2).asDouble()) : new Coordinate(x, y);
    }

    private static ArrayNode rings(Polygon polygon) {
        ArrayNode rings = ContractJson.mapper().createArrayNode();
        if (polygon.isEmpty()) {
            return rings;
        }
        rings.add(positions(polygon.getExteriorRing().getCoordinates()));
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            rings.add(positions(polygon.getInteriorRingN(i).getCoordinates()));
        }
        return rings;
    }

    private static ArrayNode positions(Coordinate[] coordinates) {
        ArrayNode array = ContractJson.mapper().createArrayNode();
        for (Coordinate c : coordinates) {
            array.add(position(c));
        }
        return array;
    }

    private static ArrayNode position(Coordinate c) {
        ArrayNode position = ContractJson.mapper().createArrayNode();
        position.add(c.getX());
        position.add(c.getY());
        if (!Double.isNaN(c.getZ())) {
            position.add(c.getZ());
        }
        return position;
    }
}
