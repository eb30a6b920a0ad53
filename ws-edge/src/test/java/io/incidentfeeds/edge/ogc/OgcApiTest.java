package io.incidentfeeds.edge.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * /ogc on a running edge, over HTTP as a GIS client uses it: public documents, authentication,
 * paging by following next links, the filters, the standard's errors. The incidents belong to
 * agency "ogc-api" (no jurisdiction), so its token sees only this test's incidents on the shared edge.
 */
@WithKafka
@ExtendWith(SharedEdge.class)
class OgcApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00Z");

    static HttpResponse<String> get(URI uri, String token, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "*/*");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return ContractJson.mapper().readTree(response.body());
    }

    private static String href(JsonNode doc, String rel) {
        for (JsonNode link : doc.path("links")) {
            if (link.path("rel").asString().equals(rel)) {
                return link.path("href").asString();
            }
        }
        return null;
    }

    /** Writes ogc-api's five incidents (two of them alerts) and one of another agency, and waits until ogc-api sees five. */
    private static void writeIncidents(SharedEdge.Edge edge) throws Exception {
        Incidents in = edge.incidents();
        String[] severities = {"minor", "severe", "moderate", "critical", "minor"};
        double[] lons = {-122.5, -122.4, -122.3, -122.2, -122.1};
        double[] lats = {37.70, 37.71, 37.72, 37.73, 37.74};
        for (int i = 0; i < 5; i++) {
            in.write(Incidents.at(Incidents.incident("OGC-" + i, 1, DiffType.CREATE, List.of("ogc-api"), List.of("j-ogc-api"),
                    "fire", severities[i], lons[i], lats[i]), T0.plusSeconds(600L * i)));
        }
        in.write(Incidents.incident("OGC-OTHER", 1, DiffType.CREATE, List.of("ogc-api-other"), List.of("j-ogc-api-other"), "fire", "severe", -122.3, 37.8));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (json(get(edge.instance().http("/ogc/collections/incidents/items"), Tokens.dispatcher("ogc-api"))).path("numberMatched").asInt() < 5) {
            assertThat(System.nanoTime()).as("ogc-api's incidents in the live view").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void theLandingPageConformanceAndApiArePublicWithAbsoluteLinks(SharedEdge.Edge edge) throws Exception {
        String base = "http://127.0.0.1:" + edge.instance().port() + "/ogc";
        for (String path : List.of("/ogc", "/ogc/")) {
            HttpResponse<String> landing = get(edge.instance().http(path), null);
            assertThat(landing.statusCode()).isEqualTo(200);
            assertThat(landing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(href(json(landing), "self")).isEqualTo(base);
            assertThat(href(json(landing), "data")).isEqualTo(base + "/collections");
            assertThat(href(json(landing), "service-desc")).isEqualTo(base + "/api");
        }
        HttpResponse<String> api = get(edge.instance().http("/ogc/api"), null);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/vnd.oai.openapi+json").contains("version=3.0"));
        assertThat(json(api).path("servers").get(0).path("url").asString()).isEqualTo(base);
        assertThat(json(get(edge.instance().http("/ogc/conformance"), null)).path("conformsTo").size()).isEqualTo(3);
        // X-Forwarded-* are not trusted unless configured (server.forward-headers-strategy): links stay the edge's own.
        HttpResponse<String> forwarded = get(edge.instance().http("/ogc"), null, "X-Forwarded-Host", "evil.example",
                "X-Forwarded-Proto", "https");
        assertThat(href(json(forwarded), "self")).isEqualTo(base);
        assertThat(landingWith(edge, "f=html").statusCode()).isEqualTo(400);
        assertThat(landingWith(edge, "f=json").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> landingWith(SharedEdge.Edge edge, String query) throws Exception {
        return get(edge.instance().http("/ogc?" + query), null);
    }

    @Test
    void everythingWithIncidentsNeedsAValidBearerToken(SharedEdge.Edge edge) throws Exception {
        for (String path : List.of("/ogc/collections", "/ogc/collections/incidents", "/ogc/collections/incidents/items",
                "/ogc/collections/alerts/items/OGC-1", "/ogc/collections/nothing/items?limit=0")) {
            HttpResponse<String> none = get(edge.instance().http(path), null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(json(none).path("code").asString()).isEqualTo("AUTH_REQUIRED");
            assertThat(json(none).path("description").asString()).isNotEmpty();
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            HttpResponse<String> forged = get(edge.instance().http(path), Tokens.dispatcher("ogc-api") + "x");
            assertThat(forged.statusCode()).as(path).isEqualTo(401);
            assertThat(json(forged).path("code").asString()).isEqualTo("AUTH_FAILED");
        }
    }

    @Test
    void pagesFollowedByNextLinksGiveEveryFeatureOnce(SharedEdge.Edge edge) throws Exception {
        writeIncidents(edge);
        String token = Tokens.dispatcher("ogc-api");
        List<String> ids = new ArrayList<>();
        String next = edge.instance().http("/ogc/collections/incidents/items?limit=2").toString();
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = get(URI.create(next), token);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode doc = json(page);
            assertThat(doc.path("numberMatched").asInt()).isEqualTo(5);
            assertThat(doc.path("numberReturned").asInt()).isEqualTo(doc.path("features").size());
            assertThat(Instant.parse(doc.path("timeStamp").asString())).isAfter(Instant.now().minusSeconds(60));
            doc.path("features").forEach(f -> ids.add(f.path("id").asString()));
            next = href(doc, "next");
            assertThat(next == null || next.startsWith("http://127.0.0.1:")).isTrue();
            pages++;
        }
        assertThat(ids).containsExactly("OGC-0", "OGC-1", "OGC-2", "OGC-3", "OGC-4");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void filtersBboxDatetimeCollectionsAndExtents(SharedEdge.Edge edge) throws Exception {
        writeIncidents(edge);
        String token = Tokens.dispatcher("ogc-api");
        assertThat(ids(edge, "/ogc/collections/alerts/items", token)).containsExactly("OGC-1", "OGC-3");
        assertThat(ids(edge, "/ogc/collections/incidents/items?bbox=-122.45,37.70,-122.15,37.80", token))
                .containsExactly("OGC-1", "OGC-2", "OGC-3");
        assertThat(ids(edge, "/ogc/collections/incidents/items?bbox=-122.45,37.70,-100,-122.15,37.80,100", token))
                .containsExactly("OGC-1", "OGC-2", "OGC-3");
        assertThat(ids(edge, "/ogc/collections/incidents/items?datetime=2026-11-22T19:10:00Z/..", token))
                .containsExactly("OGC-1", "OGC-2", "OGC-3", "OGC-4");
        assertThat(ids(edge, "/ogc/collections/incidents/items?datetime=0000-01-01T00:00:00Z/2026-11-22T19:10:00Z", token))
                .containsExactly("OGC-0", "OGC-1");
        assertThat(ids(edge, "/ogc/collections/incidents/items?datetime=2026-11-22T19:20:00Z", token)).containsExactly("OGC-2");
        assertThat(ids(edge, "/ogc/collections/incidents/items?severity=minor&status=active,contained", token))
                .containsExactly("OGC-0", "OGC-4");

        JsonNode collection = json(get(edge.instance().http("/ogc/collections/incidents"), token));
        assertThat(collection.path("extent").path("spatial").path("bbox").get(0).valueStream().map(JsonNode::asDouble).toList())
                .containsExactly(-122.5, 37.7, -122.1, 37.74);
        assertThat(collection.path("extent").path("temporal").path("interval").get(0).valueStream().map(JsonNode::asString).toList())
                .containsExactly("2026-11-22T19:00:00Z", "2026-11-22T19:40:00Z");
        JsonNode collections = json(get(edge.instance().http("/ogc/collections"), token));
        assertThat(collections.path("collections").valueStream().map(c -> c.path("id").asString()).toList())
                .containsExactly("incidents", "alerts");
    }

    private static List<String> ids(SharedEdge.Edge edge, String path, String token) throws Exception {
        HttpResponse<String> response = get(edge.instance().http(path), token);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json(response).path("features").valueStream().map(f -> f.path("id").asString()).toList();
    }

    @Test
    void oneFeatureOr404(SharedEdge.Edge edge) throws Exception {
        writeIncidents(edge);
        String token = Tokens.dispatcher("ogc-api");
        HttpResponse<String> item = get(edge.instance().http("/ogc/collections/alerts/items/OGC-1"), token);
        assertThat(item.statusCode()).isEqualTo(200);
        assertThat(item.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
        assertThat(json(item).path("id").asString()).isEqualTo("OGC-1");
        assertThat(href(json(item), "self")).endsWith("/ogc/collections/alerts/items/OGC-1");
        for (String path : List.of("/ogc/collections/alerts/items/OGC-0", "/ogc/collections/incidents/items/OGC-OTHER",
                "/ogc/collections/incidents/items/NO-SUCH", "/ogc/collections/conflicts", "/ogc/collections/conflicts/items")) {
            HttpResponse<String> missing = get(edge.instance().http(path), token);
            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            assertThat(json(missing).path("code").asString()).isEqualTo("NotFound");
        }
    }

    @Test
    void badParametersAre400WithTheReason(SharedEdge.Edge edge) throws Exception {
        String token = Tokens.dispatcher("ogc-api");
        for (String query : List.of("bbox=1,2,3", "bbox=0,10,1,5", "datetime=yesterday", "limit=0", "limit=x", "offset=-3",
                "cursor=abc", "colour=red", "status=burning", "limit=1&limit=2")) {
            HttpResponse<String> bad = get(edge.instance().http("/ogc/collections/incidents/items?" + query), token);
            assertThat(bad.statusCode()).as(query).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(json(bad).path("code").asString()).as(query).isEqualTo("InvalidParameterValue");
            assertThat(json(bad).path("description").asString()).as(query).isNotBlank();
        }
        HttpResponse<String> clamped = get(edge.instance().http("/ogc/collections/incidents/items?limit=1000000"), token);
        assertThat(clamped.statusCode()).isEqualTo(200);
        assertThat(href(json(clamped), "self")).contains("limit=1000");
        assertThat(get(edge.instance().http("/ogc/collections/incidents/items?agencies=ogc-api-other"), token).statusCode()).isEqualTo(403);
    }
}
