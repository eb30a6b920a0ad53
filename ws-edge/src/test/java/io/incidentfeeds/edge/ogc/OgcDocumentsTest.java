package io.incidentfeeds.edge.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.json.ContractJson;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The documents: absolute links under the base, a next link that reproduces the query, extents, the item's links. */
class OgcDocumentsTest {

    /** Behind a proxy, with a path prefix: PlanetaryComputer #360 lost the prefix in its next links. */
    private static final OgcDocuments DOCS = new OgcDocuments("https://gis.example.org/edge/ogc/");

    private static JsonNode json(String text) {
        return ContractJson.mapper().readTree(text);
    }

    private static String href(JsonNode doc, String rel) {
        for (JsonNode link : doc.path("links")) {
            if (link.path("rel").asString().equals(rel)) {
                return link.path("href").asString();
            }
        }
        return null;
    }

    @Test
    void theLandingPageLinksWhatQgisAndGdalLookFor() {
        JsonNode landing = json(DOCS.landing());
        assertThat(href(landing, "self")).isEqualTo("https://gis.example.org/edge/ogc");
        assertThat(href(landing, "service-desc")).isEqualTo("https://gis.example.org/edge/ogc/api");
        assertThat(href(landing, "conformance")).isEqualTo("https://gis.example.org/edge/ogc/conformance");
        assertThat(href(landing, "data")).isEqualTo("https://gis.example.org/edge/ogc/collections");
        assertThat(landing.path("links").valueStream().filter(l -> l.path("rel").asString().equals("service-desc")).findFirst()
                .orElseThrow().path("type").asString()).isEqualTo("application/vnd.oai.openapi+json;version=3.0");
        assertThat(json(DOCS.conformance()).path("conformsTo").valueStream().map(JsonNode::asString).toList())
                .contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30");
    }

    @Test
    void everyCollectionHasItsExtent() {
        Extent incidents = new Extent();
        incidents.add(ItemsPageTest.incident("A", "a", "minor", Instant.parse("2026-11-22T19:00:00Z")));
        incidents.add(new LiveIncident("B", "{}", List.of("a"), List.of(), null, null, null, new double[] {-122.5, 37.7, 0, -122.3, 37.9, 10},
                false, false, 1, 0, 0, 0, Instant.parse("2026-11-22T18:00:00Z")));
        Map<OgcCollection, Extent> extents = new EnumMap<>(OgcCollection.class);
        extents.put(OgcCollection.INCIDENTS, incidents);
        extents.put(OgcCollection.ALERTS, new Extent());
        JsonNode doc = json(DOCS.collections(extents));
        JsonNode first = doc.path("collections").get(0);
        assertThat(first.path("id").asString()).isEqualTo("incidents");
        assertThat(first.path("extent").path("spatial").path("bbox").get(0).valueStream().map(JsonNode::asDouble).toList())
                .containsExactly(-122.5, 1.0, 1.0, 37.9);
        assertThat(first.path("extent").path("temporal").path("interval").get(0).valueStream().map(JsonNode::asString).toList())
                .containsExactly("2026-11-22T18:00:00Z", "2026-11-22T19:00:00Z");
        assertThat(href(first, "items")).isEqualTo("https://gis.example.org/edge/ogc/collections/incidents/items");
        // No incident: the whole world and open ends (pygeoapi #613: open ends are null, not "..").
        JsonNode alerts = doc.path("collections").get(1);
        assertThat(alerts.path("extent").path("spatial").path("bbox").get(0).valueStream().map(JsonNode::asDouble).toList())
                .containsExactly(-180.0, -90.0, 180.0, 90.0);
        JsonNode interval = alerts.path("extent").path("temporal").path("interval").get(0);
        assertThat(interval.size()).isEqualTo(2);
        assertThat(interval.get(0).isNull() && interval.get(1).isNull()).isTrue();
    }

    @Test
    void anIncidentAcrossTheAntimeridianWidensTheExtentToEveryLongitude() {
        Extent extent = new Extent();
        extent.add(new LiveIncident("F", "{}", List.of("a"), List.of(), null, null, null, new double[] {179.5, -17.2, -179.5, -16.8},
                false, false, 1, 0, 0, 0, null));
        assertThat(extent.bbox()).containsExactly(-180, -17.2, 180, -16.8);
    }

    /** QGIS #52010: next links with "?&" and re-encoded values; here the next link must give back the same query. */
    @Test
    void theNextLinkIsAbsoluteAndCarriesTheQuery() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("bbox", List.of("-123,37,-122,38"));
        params.put("datetime", List.of("2026-11-22T00:00:00+01:00/.."));
        params.put("agencies", List.of("sffd", "oakfd"));
        params.put("limit", List.of("2"));
        ItemsQuery query = ItemsQuery.parse(params, new EdgeProperties.Ogc(null, 10, 100));
        List<LiveIncident> features = List.of(ItemsPageTest.incident("A", "sffd", "minor", null),
                ItemsPageTest.incident("B", "sffd", "minor", null));
        JsonNode doc = json(DOCS.items(OgcCollection.INCIDENTS, new ItemsPage(features, 7, PageCursor.after("B")), query,
                Instant.parse("2026-12-06T09:00:00Z")));
        assertThat(doc.path("type").asString()).isEqualTo("FeatureCollection");
        assertThat(doc.path("numberMatched").asInt()).isEqualTo(7);
        assertThat(doc.path("numberReturned").asInt()).isEqualTo(2);
        assertThat(doc.path("timeStamp").asString()).isEqualTo("2026-12-06T09:00:00Z");
        assertThat(doc.path("features").get(1).path("id").asString()).isEqualTo("B");
        URI next = URI.create(href(doc, "next"));
        assertThat(next.getScheme() + "://" + next.getHost() + next.getPath()).isEqualTo("https://gis.example.org/edge/ogc/collections/incidents/items");
        Map<String, List<String>> back = new LinkedHashMap<>();
        for (String pair : next.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            back.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(back).containsEntry("bbox", List.of("-123,37,-122,38"))
                .containsEntry("datetime", List.of("2026-11-22T00:00:00+01:00/.."))
                .containsEntry("agencies", List.of("sffd", "oakfd"))
                .containsEntry("limit", List.of("2"))
                .containsEntry("cursor", List.of(PageCursor.after("B")));
        assertThat(href(doc, "self")).doesNotContain("cursor");
        assertThat(href(doc, "collection")).isEqualTo("https://gis.example.org/edge/ogc/collections/incidents");
    }

    @Test
    void theLastPageHasNoNextLink() {
        ItemsQuery query = ItemsQuery.parse(Map.of(), new EdgeProperties.Ogc(null, 10, 100));
        JsonNode doc = json(DOCS.items(OgcCollection.ALERTS, new ItemsPage(List.of(), 0, null), query, Instant.now()));
        assertThat(href(doc, "next")).isNull();
        assertThat(doc.path("features").isArray() && doc.path("features").isEmpty()).isTrue();
    }

    @Test
    void oneFeatureKeepsItsRecordAndGainsLinks() {
        LiveIncident incident = ItemsPageTest.incident("INC 1/2", "a", "minor", null);
        JsonNode item = json(DOCS.item(OgcCollection.INCIDENTS, incident));
        assertThat(item.path("id").asString()).isEqualTo("INC 1/2");
        assertThat(item.path("type").asString()).isEqualTo("Feature");
        assertThat(href(item, "self")).isEqualTo("https://gis.example.org/edge/ogc/collections/incidents/items/INC%201%2F2");
        assertThat(href(item, "collection")).isEqualTo("https://gis.example.org/edge/ogc/collections/incidents");
    }
}
