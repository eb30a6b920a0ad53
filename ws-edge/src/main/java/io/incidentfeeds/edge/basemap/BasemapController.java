package io.incidentfeeds.edge.basemap;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.schemas.json.ContractJson;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/console/basemap}: the console's tile layer settings, {@code {"enabled": false}}
 * when none is configured. No token needed: it holds no incident, and the console reads it before
 * sign-in so the map has its background at once.
 */
@RestController
public class BasemapController {

    private final String body;

    public BasemapController(EdgeProperties props) {
        EdgeProperties.Basemap basemap = props.basemap();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("enabled", basemap.enabled());
        if (basemap.enabled()) {
            doc.put("url_template", basemap.urlTemplate());
            doc.put("subdomains", basemap.subdomains());
            doc.put("attribution", basemap.attribution());
            doc.put("max_zoom", basemap.maxZoom());
            doc.put("referrer_policy", basemap.referrerPolicy());
        }
        this.body = ContractJson.mapper().writeValueAsString(doc);
    }

    @GetMapping("/api/console/basemap")
    public ResponseEntity<String> basemap() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
