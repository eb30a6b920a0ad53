package io.incidentfeeds.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.Metrics;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** The probes a load balancer and an orchestrator use, and the edge's own Prometheus meters. */
@WithKafka
@ExtendWith(SharedEdge.class)
class HealthAndMetricsTest {

    @Test
    void probesAreUpAndTheReadinessGroupIncludesTheLiveView(SharedEdge.Edge edge) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String probe : new String[] {"liveness", "readiness"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(edge.instance().http("/actuator/health/" + probe)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(probe).isEqualTo(200);
        }
        JsonNode readiness = ContractJson.mapper().readTree(http.send(HttpRequest.newBuilder(
                edge.instance().http("/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(readiness.path("components").path("liveView").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("liveView").path("details").path("status").asString()).isEqualTo("caught up");
    }

    @Test
    void theEdgesMetersAreExported(SharedEdge.Edge edge) throws InterruptedException {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("papa"))) {
            console.subscribeForSnapshot("incidents", "{}");
            edge.incidents().write(Incidents.simple("HM-1", 1, DiffType.CREATE, "papa", "j-papa", 1, 1));
            console.expect("update");
            assertThat(Metrics.value(edge.instance(), "edge_sessions", "")).isGreaterThanOrEqualTo(1);
            assertThat(Metrics.value(edge.instance(), "edge_subscriptions", "")).isGreaterThanOrEqualTo(1);
            assertThat(Metrics.value(edge.instance(), "edge_view_incidents", "")).isGreaterThanOrEqualTo(1);
            assertThat(Metrics.value(edge.instance(), "edge_messages_out_total", "type=\"update\"")).isGreaterThanOrEqualTo(1);
            assertThat(Metrics.value(edge.instance(), "edge_messages_out_total", "type=\"snapshot\"")).isGreaterThanOrEqualTo(1);
            assertThat(Metrics.value(edge.instance(), "edge_fanout_latency_seconds_count", "")).isGreaterThanOrEqualTo(1);
        }
        String scrape = Metrics.scrape(edge.instance());
        for (String name : new String[] {"edge_consumer_lag", "edge_updates_conflated_total", "edge_updates_dropped_total",
                "edge_fanout_latency_seconds_bucket", "edge_records_invalid", "edge_messages_in_total"}) {
            assertThat(scrape).as(name).contains(name);
        }
        // The close is counted once the edge has seen the session go.
        for (int i = 0; i < 100 && Metrics.value(edge.instance(), "edge_closes_total", "reason=\"client\"") < 1; i++) {
            Thread.sleep(50);
        }
        assertThat(Metrics.value(edge.instance(), "edge_closes_total", "reason=\"client\"")).isGreaterThanOrEqualTo(1);
    }
}
