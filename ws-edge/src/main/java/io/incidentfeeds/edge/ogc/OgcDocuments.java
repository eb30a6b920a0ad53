package io.incidentfeeds.edge.ogc;

import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.json.ContractJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON documents of the OGC API, every link absolute and starting with {@code base} (the
 * public URL of /ogc): GDAL before 3.9.2 and QGIS 3.22 mishandle relative links (QGIS stops
 * silently after the first page). Links are in the bodies; neither client reads Link headers.
 * Features are the records of incidents.reconciled as they are, concatenated, not parsed again.
 */
final class OgcDocuments {

    static final String JSON = "application/json";
    static final String GEOJSON = "application/geo+json";
    static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30");
    private static final String GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

    private final String base;

    /** @param base the public URL of /ogc, without a trailing slash */
    OgcDocuments(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    String base() {
        return base;
    }

    /** The {@code f} parameter: only JSON is served. */
    static void checkFormat(String f) {
        if (f != null && !f.equals("json") && !f.equals("geojson")) {
            throw OgcErrors.invalid("f: only json is served, got '" + f + "'");
        }
    }

    String landing() {
        ObjectNode doc = object();
        doc.put("title", "incident-feeds: the live picture");
        doc.put("description", "The edge's live view of reconciled incidents as OGC API - Features, with the same "
                + "authentication (Authorization: Bearer <JWT>) and per-agency authorization as its WebSocket.");
        ArrayNode links = doc.putArray("links");
        links.add(link(base, "self", JSON, "this document"));
        links.add(link(base + "/api", "service-desc", OPENAPI, "the API definition (OpenAPI 3.0)"));
        links.add(link(base + "/conformance", "conformance", JSON, "the conformance classes implemented"));
        links.add(link(base + "/collections", "data", JSON, "the feature collections"));
        return write(doc);
    }

    String conformance() {
        ObjectNode doc = object();
        ArrayNode classes = doc.putArray("conformsTo");
        CONFORMANCE.forEach(classes::add);
        return write(doc);
    }

    String collections(Map<OgcCollection, Extent> extents) {
        ObjectNode doc = object();
        doc.putArray("links").add(link(base + "/collections", "self", JSON, "the feature collections"));
        ArrayNode collections = doc.putArray("collections");
        extents.forEach((c, extent) -> collections.add(collectionNode(c, extent)));
        return write(doc);
    }

    String collection(OgcCollection c, Extent extent) {
        return write(collectionNode(c, extent));
    }

    private ObjectNode collectionNode(OgcCollection c, Extent extent) {
        ObjectNode doc = object();
        doc.put("id", c.id());
        doc.put("title", c.title());
        doc.put("description", c.description());
        doc.put("itemType", "feature");
        doc.putArray("crs").add(BboxParameter.CRS84);
        ArrayNode links = doc.putArray("links");
        links.add(link(collectionUrl(c), "self", JSON, c.title()));
        links.add(link(collectionUrl(c) + "/items", "items", GEOJSON, c.title() + " as GeoJSON"));
        ObjectNode extentNode = doc.putObject("extent");
        ObjectNode spatial = extentNode.putObject("spatial");
        ArrayNode box = spatial.putArray("bbox").addArray();
        for (double v : extent.bbox()) {
            box.add(v);
        }
        spatial.put("crs", BboxParameter.CRS84);
        ObjectNode temporal = extentNode.putObject("temporal");
        ArrayNode interval = temporal.putArray("interval").addArray();
        addInstant(interval, extent.first());
        addInstant(interval, extent.last());
        temporal.put("trs", GREGORIAN);
        return doc;
    }

    /** A FeatureCollection of one page, with self, next (when there is a next page) and collection links. */
    String items(OgcCollection c, ItemsPage page, ItemsQuery query, Instant now) {
        ArrayNode links = ContractJson.mapper().createArrayNode();
        String items = collectionUrl(c) + "/items";
        links.add(link(items + query(query.carried(), query.limit(), null), "self", GEOJSON, "this page"));
        if (page.nextCursor() != null) {
            links.add(link(items + query(query.carried(), query.limit(), page.nextCursor()), "next", GEOJSON, "the next page"));
        }
        links.add(link(collectionUrl(c), "collection", JSON, c.title()));
        StringBuilder sb = new StringBuilder(256 + page.features().stream().mapToInt(f -> f.json().length() + 1).sum());
        sb.append("{\"type\":\"FeatureCollection\",\"numberMatched\":").append(page.matched())
                .append(",\"numberReturned\":").append(page.features().size())
                .append(",\"timeStamp\":\"").append(now).append("\",\"links\":").append(write(links))
                .append(",\"features\":[");
        for (int i = 0; i < page.features().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(page.features().get(i).json());
        }
        return sb.append("]}").toString();
    }

    /** One feature: the record with self and collection links added as its first member. */
    String item(OgcCollection c, LiveIncident incident) {
        ArrayNode links = ContractJson.mapper().createArrayNode();
        links.add(link(collectionUrl(c) + "/items/" + encode(incident.id()), "self", GEOJSON, "this feature"));
        links.add(link(collectionUrl(c), "collection", JSON, c.title()));
        String json = incident.json();
        int open = json.indexOf('{');
        return json.substring(0, open + 1) + "\"links\":" + write(links) + "," + json.substring(open + 1);
    }

    String collectionUrl(OgcCollection c) {
        return base + "/collections/" + c.id();
    }

    private static String query(Map<String, List<String>> carried, int limit, String cursor) {
        StringJoiner q = new StringJoiner("&", "?", "");
        carried.forEach((name, values) -> values.forEach(v -> q.add(encode(name) + "=" + encode(v))));
        q.add("limit=" + limit);
        if (cursor != null) {
            q.add("cursor=" + cursor);
        }
        return q.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void addInstant(ArrayNode array, Instant t) {
        if (t == null) {
            array.addNull();
        } else {
            array.add(t.toString());
        }
    }

    static ObjectNode link(String href, String rel, String type, String title) {
        ObjectNode link = object();
        link.put("href", href);
        link.put("rel", rel);
        link.put("type", type);
        link.put("title", title);
        return link;
    }

    static ObjectNode object() {
        return ContractJson.mapper().createObjectNode();
    }

    static String write(Object node) {
        return ContractJson.mapper().writeValueAsString(node);
    }
}
