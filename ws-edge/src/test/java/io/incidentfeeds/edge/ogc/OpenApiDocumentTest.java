package io.incidentfeeds.edge.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.schemas.json.ContractJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document: where QGIS reads the page size, every path, and small. */
class OpenApiDocumentTest {

    @Test
    void theLimitParameterCarriesTheConfiguredDefaultAndMaximum() {
        String text = OpenApiDocument.of("http://127.0.0.1:8080/ogc", new EdgeProperties.Ogc(null, 25, 400));
        JsonNode doc = ContractJson.mapper().readTree(text);
        assertThat(doc.path("openapi").asString()).startsWith("3.0");
        assertThat(doc.path("servers").get(0).path("url").asString()).isEqualTo("http://127.0.0.1:8080/ogc");
        JsonNode limit = doc.path("paths").path("/collections/{collectionId}/items").path("get").path("parameters")
                .valueStream().filter(p -> p.path("name").asString().equals("limit")).findFirst().orElseThrow();
        assertThat(limit.path("schema").path("default").asInt()).isEqualTo(25);
        assertThat(limit.path("schema").path("maximum").asInt()).isEqualTo(400);
        assertThat(doc.path("paths").propertyNames()).containsExactlyInAnyOrder("/", "/conformance", "/api", "/collections",
                "/collections/{collectionId}", "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}");
        assertThat(doc.path("paths").path("/collections").path("get").path("security").get(0).has("bearer")).isTrue();
        assertThat(doc.path("paths").path("/").path("get").path("security").isEmpty()).isTrue();
        assertThat(text).doesNotContain("$ref");
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThan(8 * 1024);
    }
}
