package io.incidentfeeds.edge.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.testing.EdgeSettings;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The basemap's settings, its origins in the content security policy, and that it is off by default. */
@WithKafka
@ExtendWith(SharedEdge.class)
class BasemapTest {

    private static final String POLICY = "default-src 'self'; img-src 'self' data:; connect-src 'self'";

    private static EdgeProperties.Basemap basemap(String template, String... subdomains) {
        return new EdgeProperties.Basemap(template, List.of(subdomains), "© OpenStreetMap contributors", 19,
                "strict-origin-when-cross-origin");
    }

    @Test
    void exactlyTheTemplatesOriginsJoinImgSrc() {
        EdgeProperties.Basemap osm = basemap("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "a", "b", "c");
        assertThat(BasemapOrigins.of(osm)).containsExactly("https://a.tile.openstreetmap.org",
                "https://b.tile.openstreetmap.org", "https://c.tile.openstreetmap.org");
        assertThat(BasemapOrigins.contentSecurityPolicy(POLICY, osm)).isEqualTo("default-src 'self'; img-src 'self' data: "
                + "https://a.tile.openstreetmap.org https://b.tile.openstreetmap.org https://c.tile.openstreetmap.org; connect-src 'self'");
        EdgeProperties.Basemap agency = basemap("http://Tiles.Agency.example:8081/wmts/{z}/{y}/{x}{r}.png");
        assertThat(BasemapOrigins.of(agency)).containsExactly("http://tiles.agency.example:8081");
        EdgeProperties.Basemap off = EdgeSettings.bind(Map.of()).basemap();
        assertThat(off.enabled()).isFalse();
        assertThat(BasemapOrigins.contentSecurityPolicy(POLICY, off)).isEqualTo(POLICY);
    }

    @Test
    void settingsThatCannotWorkStopTheStart() {
        assertThatThrownBy(() -> basemap("https://tiles.example/{z}/{x}.png")).hasMessageContaining("{y}");
        assertThatThrownBy(() -> basemap("javascript:alert(1)//{z}/{x}/{y}")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> basemap("https://{s}.tiles.example/{z}/{x}/{y}.png")).hasMessageContaining("subdomains");
        assertThatThrownBy(() -> basemap("https://tiles.example/{z}/{x}/{y}.png", "a")).hasMessageContaining("subdomains");
        assertThatThrownBy(() -> basemap("https://{s}.tiles.example/{z}/{x}/{y}.png", "a b")).hasMessageContaining("host label");
        assertThatThrownBy(() -> new EdgeProperties.Basemap(null, List.of(), "", 19, "unsafe-url")).hasMessageContaining("referrer-policy");
        assertThatThrownBy(() -> new EdgeProperties.Basemap(null, List.of(), "", 25, "origin")).hasMessageContaining("max-zoom");
    }

    @Test
    void offByDefault(SharedEdge.Edge edge) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> settings = http.send(HttpRequest.newBuilder(edge.instance().http("/api/console/basemap")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(settings.body()).isEqualTo("{\"enabled\":false}");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(edge.instance().http("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("img-src 'self' data:;"));
    }
}
