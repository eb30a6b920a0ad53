package io.incidentfeeds.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A console's view through the edge's HTTP fallback, {@code GET /api/incidents}: id -> version. */
final class EdgeHttp {

    // Not the contract's mapper: its input limits guard the pipeline, and an EOC's view is large.
    private static final JsonMapper READER = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EdgeHttp() {
    }

    static Map<String, Long> view(String edgeUrl, String token) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(edgeUrl + "/api/incidents"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/incidents answered " + response.statusCode() + ": " + new String(response.body()));
        }
        JsonNode features = READER.readTree(response.body()).path("features");
        Map<String, Long> view = new TreeMap<>();
        for (JsonNode feature : features) {
            view.put(feature.path("id").asString(), feature.path("reconciliation").path("version").asLong());
        }
        return view;
    }
}
