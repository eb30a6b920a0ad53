package io.incidentfeeds.edge.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.testing.EdgeSettings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** edge.ogc.* bind with the documented defaults, and settings that make no sense stop the edge from starting. */
class OgcSettingsTest {

    @Test
    void defaultsAndBinding() {
        assertThat(EdgeSettings.bind(Map.of()).ogc()).isEqualTo(new EdgeProperties.Ogc(null, 100, 1000));
        EdgeProperties.Ogc ogc = EdgeSettings.bind(Map.of("edge.ogc.base-url", "https://gis.example.org/edge/ogc",
                "edge.ogc.default-limit", "50", "edge.ogc.max-limit", "500")).ogc();
        assertThat(ogc).isEqualTo(new EdgeProperties.Ogc(URI.create("https://gis.example.org/edge/ogc"), 50, 500));
        assertThat(new OgcDocuments(ogc.baseUrl().toString()).collectionUrl(OgcCollection.ALERTS))
                .isEqualTo("https://gis.example.org/edge/ogc/collections/alerts");
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new EdgeProperties.Ogc(null, 0, 10)).hasMessageContaining("default-limit");
        assertThatThrownBy(() -> new EdgeProperties.Ogc(null, 100, 50)).hasMessageContaining("max-limit");
        assertThatThrownBy(() -> new EdgeProperties.Ogc(null, 100, 10_001)).hasMessageContaining("10000");
        assertThatThrownBy(() -> new EdgeProperties.Ogc(URI.create("/ogc"), 100, 1000)).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new EdgeProperties.Ogc(URI.create("ftp://x.example/ogc"), 100, 1000)).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new EdgeProperties.Ogc(URI.create("https://x.example/ogc?a=b"), 100, 1000))
                .hasMessageContaining("without a query");
    }
}
