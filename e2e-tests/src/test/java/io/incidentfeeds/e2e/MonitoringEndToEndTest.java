package io.incidentfeeds.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.localstack.component.ConnectWorkerComponent;
import io.incidentfeeds.localstack.component.StreamProcessorComponent;
import io.incidentfeeds.localstack.tokens.DemoTokenFile;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What platform teams watch exists: every metric the Grafana dashboard
 * (deploy/grafana/dashboards) and the alert rules (deploy/prometheus/alerts.yml) name is served by
 * the component that should serve it, once the pipeline has carried a run to a console: the
 * processor's {@code /metrics}, the edge's {@code /actuator/prometheus}, and the Connect worker's
 * JMX exporter agent with the deployment's rules.
 */
@ExtendWith(SharedPipeline.class)
class MonitoringEndToEndTest {

    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Made by Prometheus itself for each target, not served by one. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    @Test
    void everyMetricTheDashboardAndTheAlertRulesNameIsServed(Stack pipeline) throws Exception {
        Set<String> named = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/dashboards/incident-feeds.json").toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> named.addAll(PromQlNames.of(t.path("expr").asString()))));
        JsonNode alerts = YAMLMapper.builder().build().readTree(DEPLOY.resolve("prometheus/alerts.yml").toFile());
        alerts.path("groups").forEach(g -> g.path("rules").forEach(r -> named.addAll(PromQlNames.of(r.path("expr").asString()))));
        assertThat(named).as("names read from the dashboard and the rules")
                .contains("incidentfeeds_connector_messages_received_total", "edge_fanout_latency_seconds_bucket", "up")
                .hasSizeGreaterThan(15);
        named.removeAll(PROMETHEUS_OWN);

        String token = new DemoTokenFile(pipeline.settings().jwtSecret(), Duration.ofHours(1)).mint("oes", List.of("eoc"), Instant.now());
        ResumingConsole console = new ResumingConsole("eoc", token, pipeline.consoleUrl());
        console.connect(Duration.ofMinutes(1));
        try {
            ScenarioRun run = new ScenarioRun(3201).publish(pipeline, 200, 100, i -> { });
            PipelineAccounting.Report report = Settle.accounting(pipeline.bootstrapServers(), run, Duration.ofMinutes(2));
            assertThat(report.unaccounted()).as(report.line()).isEmpty();

            Map<String, String> endpoints = Map.of(
                    "processor", ((StreamProcessorComponent) pipeline.component("processor")).healthUrl().replace("/health", "/metrics"),
                    "edge", pipeline.consoleUrl() + "/actuator/prometheus",
                    "connect", ((ConnectWorkerComponent) pipeline.component("connect")).metricsUrl());
            // Counters with a label (frames by type) appear with their first increment: asked until every name is there.
            Map<String, Set<String>> served = new TreeMap<>();
            Set<String> missing = new TreeSet<>(named);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (var endpoint : endpoints.entrySet()) {
                    served.put(endpoint.getKey(), sampleNames(endpoint.getValue()));
                }
                missing = new TreeSet<>(named);
                served.values().forEach(missing::removeAll);
                if (!missing.isEmpty()) {
                    Thread.sleep(2_000);
                }
            }
            assertThat(missing).as("named by the dashboard or the alert rules, served by no component").isEmpty();
            Set<String> documented = new TreeSet<>();
            Matcher name = Pattern.compile("`(incidentfeeds_connector_[a-z0-9_]+)`")
                    .matcher(Files.readString(DEPLOY.resolveSibling("ingest-connector").resolve("README.md")));
            while (name.find()) {
                documented.add(name.group(1));
            }
            assertThat(documented).as("the connector's metrics named in its README").hasSizeGreaterThanOrEqualTo(9);
            assertThat(served.get("connect")).as("the connector's task metrics, through the agent, as its README names them")
                    .containsAll(documented);
        } finally {
            console.close();
        }
    }

    /** The sample names of a Prometheus text exposition (histograms' with their suffixes). */
    private static Set<String> sampleNames(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
