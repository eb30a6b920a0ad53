package io.incidentfeeds.edge.ogc;

import io.incidentfeeds.edge.EdgeProperties;
import java.util.Arrays;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.0 document of /ogc ({@code rel=service-desc}): the paths, their parameters and
 * the bearer authentication, self-contained (no $ref to other files) and small, since QGIS
 * fetches it on every layer open and takes its page size from the {@code limit} parameter's
 * default and maximum here. Parameters are written inline on the items path for that reason.
 */
final class OpenApiDocument {

    private OpenApiDocument() {
    }

    static String of(String base, EdgeProperties.Ogc settings) {
        ObjectNode doc = OgcDocuments.object();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "incident-feeds live picture (OGC API - Features)");
        info.put("version", "1.0.0");
        info.put("description", "Live incidents of the edge's view. Every path but /, /conformance and /api needs "
                + "Authorization: Bearer <JWT>; an agency sees exactly what it sees on the WebSocket.");
        doc.putArray("servers").addObject().put("url", base);
        ObjectNode bearer = doc.putObject("components").putObject("securitySchemes").putObject("bearer");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("bearerFormat", "JWT");

        ObjectNode paths = doc.putObject("paths");
        get(paths, "/", "landing page", "the landing page", OgcDocuments.JSON, false);
        get(paths, "/conformance", "conformance", "the conformance classes", OgcDocuments.JSON, false);
        get(paths, "/api", "api", "this document", OgcDocuments.OPENAPI, false);
        get(paths, "/collections", "collections", "the collections, with their extents as the caller sees them",
                OgcDocuments.JSON, true);
        ObjectNode collection = get(paths, "/collections/{collectionId}", "collection", "one collection",
                OgcDocuments.JSON, true);
        collectionId(collection.putArray("parameters"));

        ObjectNode items = get(paths, "/collections/{collectionId}/items", "items",
                "the live incidents of the collection that the caller may see, in id order, one page", OgcDocuments.GEOJSON, true);
        ArrayNode p = items.putArray("parameters");
        collectionId(p);
        ObjectNode limit = query(p, "limit", "features per page; a larger value is clamped to the maximum", "integer");
        limit.put("minimum", 1);
        limit.put("maximum", settings.maxLimit());
        limit.put("default", settings.defaultLimit());
        array(query(p, "bbox", "minLon,minLat,maxLon,maxLat (or six numbers with heights) in CRS84; "
                + "minLon > maxLon crosses the antimeridian", "array"), "number").put("minItems", 4).put("maxItems", 6);
        query(p, "bbox-crs", "the bbox's CRS: only " + BboxParameter.CRS84, "string");
        query(p, "datetime", "the incidents' event time: an instant, a date, or an interval start/end with open ends as .. or empty",
                "string");
        query(p, "cursor", "where the page starts: taken from a next link", "string");
        query(p, "offset", "features skipped (after the cursor)", "integer").put("minimum", 0);
        for (String filter : new String[] {"agencies", "incident_types", "status", "severity"}) {
            array(query(p, filter, "the live view's filter, comma-separated values", "array"), "string");
        }

        ObjectNode item = get(paths, "/collections/{collectionId}/items/{featureId}", "item", "one live incident",
                OgcDocuments.GEOJSON, true);
        ArrayNode ip = item.putArray("parameters");
        collectionId(ip);
        ObjectNode featureId = ip.addObject();
        featureId.put("name", "featureId").put("in", "path").put("required", true);
        featureId.putObject("schema").put("type", "string");
        return OgcDocuments.write(doc);
    }

    private static ObjectNode get(ObjectNode paths, String path, String id, String summary, String type, boolean secured) {
        ObjectNode get = paths.putObject(path).putObject("get");
        get.put("operationId", id.replace(' ', '-'));
        get.put("summary", summary);
        ArrayNode security = get.putArray("security");
        if (secured) {
            security.addObject().putArray("bearer");
        }
        ObjectNode responses = get.putObject("responses");
        responses.putObject("200").put("description", summary).putObject("content").putObject(type)
                .putObject("schema").put("type", "object");
        if (path.contains("/items")) {
            responses.putObject("400").put("description", "a bad parameter, with the reason");
        }
        if (secured) {
            responses.putObject("401").put("description", "no or no valid bearer token");
        }
        if (path.contains("{")) {
            responses.putObject("404").put("description", "no such collection, or no such live incident visible to the caller");
        }
        return get;
    }

    private static void collectionId(ArrayNode parameters) {
        ObjectNode p = parameters.addObject();
        p.put("name", "collectionId").put("in", "path").put("required", true);
        ArrayNode values = p.putObject("schema").put("type", "string").putArray("enum");
        Arrays.stream(OgcCollection.values()).map(OgcCollection::id).forEach(values::add);
    }

    /** A query parameter; returns its schema. */
    private static ObjectNode query(ArrayNode parameters, String name, String description, String type) {
        ObjectNode p = parameters.addObject();
        p.put("name", name).put("in", "query").put("required", false).put("description", description);
        if (type.equals("array")) {
            p.put("style", "form").put("explode", false);
        }
        return p.putObject("schema").put("type", type);
    }

    private static ObjectNode array(ObjectNode schema, String itemType) {
        schema.putObject("items").put("type", itemType);
        return schema;
    }
}
