package io.incidentfeeds.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.Readiness;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.Dot;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * The console in a real browser (Debian's Chromium, driven by Playwright) against a real ws-edge
 * reading a real broker: records written to the reconciled topic with the contract's own types
 * must appear, move and disappear on the map; with the WebSocket cut (a gate in front of the edge
 * that refuses upgrades while HTTP passes) the console must fall back to polling and keep the map
 * current, and go live again, resuming rather than reloading, once the WebSocket gets through.
 * Screenshots land in target/console-screenshots/.
 */
@WithKafka
class ConsoleBrowserTest {

    private static final Path ARTIFACTS = Path.of("target/console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Fast timings for the test (the defaults: 15 s polls, 30 s back-off ceiling). */
    private static final String SETTINGS = "?poll_ms=1000&backoff_base_ms=200&backoff_max_ms=1500&ws_failures_before_polling=2";

    @Test
    void followsTheFeedLiveThenByPollingThenLiveAgain(KafkaBroker kafka) throws Exception {
        String topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.reconciled"), 3, Map.of("cleanup.policy", "compact"));
        String conflicts = kafka.createTopic(topic + ".conflicts", 3);
        Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), topic);
        try (EdgeInstance edge = EdgeInstance.start(props);
             Incidents feed = new Incidents(kafka.bootstrapServers(), topic);
             WebSocketGate gate = new WebSocketGate(edge.port());
             ConsoleBrowser browser = ConsoleBrowser.launch(ARTIFACTS)) {
            Readiness.await(edge);

            // The snapshot: incidents in alpha's jurisdiction, one of another agency it must not see.
            feed.write(incident("CB-1", 1, DiffType.CREATE, "active", "severe", -122.42, 37.77));
            feed.write(incident("CB-2", 1, DiffType.CREATE, "contained", "moderate", -122.27, 37.80));
            feed.write(incident("CB-3", 1, DiffType.CREATE, "resolved", "minor", -122.05, 37.37));
            feed.write(polygon("CB-4", 1, "active", "critical", -122.50, 37.95, -122.45, 38.0));
            feed.write(Incidents.incident("CB-X", 1, DiffType.CREATE, List.of("zulu"), List.of("j-zulu"), "fire",
                    "critical", -122.3, 37.6));

            // Sign in by pasting a token; it must not show up in the URL.
            browser.call("open", Map.of("url", gate.url("/" + SETTINGS)));
            JsonNode signedIn = browser.call("signIn", Map.of("token", Tokens.dispatcher("alpha")));
            assertThat(signedIn.path("url").asString()).doesNotContain("eyJ").endsWith(SETTINGS);
            assertThat(signedIn.path("stored").asBoolean()).isTrue();
            status(browser, "live");
            for (String id : List.of("CB-1", "CB-2", "CB-3", "CB-4")) {
                shown(browser, id);
            }
            assertThat(browser.call("waitIncident", Map.of("id", "CB-4")).path("map").path("shape").asBoolean())
                    .as("a polygon is drawn as a shape as well as a marker").isTrue();
            assertThat(browser.call("listIds", Map.of()).valueStream().map(JsonNode::asString))
                    .as("only what alpha may see").containsExactlyInAnyOrder("CB-1", "CB-2", "CB-3", "CB-4");
            browser.call("alertIds", Map.of("contains", "CB-4"));
            browser.call("screenshot", Map.of("name", "1-snapshot"));

            // Live: a marker appears, moves, changes, disappears.
            feed.write(incident("CB-5", 1, DiffType.CREATE, "active", "moderate", -122.20, 37.70));
            shownAt(browser, "CB-5", 37.70, -122.20);
            feed.write(incident("CB-5", 2, DiffType.UPDATE, "active", "moderate", -122.15, 37.72));
            shownAt(browser, "CB-5", 37.72, -122.15);
            feed.write(incident("CB-5", 3, DiffType.UPDATE, "contained", "critical", -122.15, 37.72));
            browser.call("waitIncident", Map.of("id", "CB-5", "style", "contained/critical"));
            browser.call("alertIds", Map.of("contains", "CB-5"));
            feed.write(incident("CB-5", 4, DiffType.DELETE, "contained", "critical", -122.15, 37.72));
            gone(browser, "CB-5");
            browser.call("screenshot", Map.of("name", "2-live"));

            // The list: sortable by severity, usable from the keyboard alone (Home, Enter flies there).
            assertThat(browser.call("sortBy", Map.of("key", "severity")).get(0).asString()).isEqualTo("CB-4");
            JsonNode shownByKeyboard = browser.call("keyboardShow", Map.of("keys", List.of("End", "Home")));
            assertThat(shownByKeyboard.path("active").asString()).isEqualTo("CB-4");
            assertThat(shownByKeyboard.path("popup").asString()).contains("Critical").contains("alpha");
            assertThat(shownByKeyboard.path("shown").path("shown").asString()).isEqualTo("marker");
            browser.call("sortBy", Map.of("key", "time"));

            // Filters go to the edge as a new subscription: only critical incidents, then all again.
            browser.call("applyFilters", Map.of("severity", List.of("critical")));
            gone(browser, "CB-1");
            shown(browser, "CB-4");
            browser.call("applyFilters", Map.of());
            shown(browser, "CB-1");
            JsonNode beforeCut = browser.call("stats", Map.of());

            // Cut the WebSocket: the console polls GET /api/incidents and the map still follows.
            gate.block();
            status(browser, "polling");
            feed.write(incident("CB-2", 2, DiffType.UPDATE, "contained", "moderate", -122.25, 37.82));
            shownAt(browser, "CB-2", 37.82, -122.25);
            feed.write(incident("CB-6", 1, DiffType.CREATE, "active", "severe", -122.10, 37.50));
            shown(browser, "CB-6");
            feed.write(incident("CB-3", 2, DiffType.DELETE, "resolved", "minor", -122.05, 37.37));
            gone(browser, "CB-3");
            browser.call("screenshot", Map.of("name", "3-polling"));
            assertThat(browser.call("stats", Map.of()).path("polls").asInt()).isPositive();
            assertThat(gate.refusedUpgrades()).isPositive();

            // Let it through again: live, resumed from the polled position, no new snapshot.
            gate.open();
            status(browser, "live");
            JsonNode afterCut = browser.call("stats", Map.of());
            assertThat(afterCut.path("snapshots").asInt()).as("resumed, not reloaded")
                    .isEqualTo(beforeCut.path("snapshots").asInt());
            assertThat(afterCut.path("resumes").asInt()).isGreaterThan(beforeCut.path("resumes").asInt());
            feed.write(incident("CB-7", 1, DiffType.CREATE, "active", "minor", -122.45, 37.74));
            shown(browser, "CB-7");

            // A reload shows the cached picture at once, before any answer from the edge (the
            // WebSocket is cut again), then resumes instead of asking for a snapshot.
            gate.block();
            JsonNode reloaded = browser.call("reload", Map.of());
            assertThat(reloaded.path("restoredFromCache").asInt()).as("CB-1, 2, 4, 6, 7").isEqualTo(5);
            assertThat(reloaded.path("snapshots").asInt()).isZero();
            shown(browser, "CB-7");
            gate.open();
            status(browser, "live");
            JsonNode resumedAfterReload = browser.call("stats", Map.of());
            assertThat(resumedAfterReload.path("snapshots").asInt()).isZero();
            assertThat(resumedAfterReload.path("resumes").asInt()).isEqualTo(1);
            assertThat(browser.call("layoutShift", Map.of()).asDouble()).as("cumulative layout shift").isLessThan(0.05);
            browser.call("screenshot", Map.of("name", "4-live-again"));

            // Sign out forgets the token and the cache; a demo agency with the eoc role (the picker,
            // fed here as the edge would in demo mode) sees every incident and the conflicts channel.
            JsonNode out = browser.call("signOut", Map.of());
            assertThat(out.path("token").isNull()).isTrue();
            assertThat(out.path("cache").isNull()).isTrue();
            assertThat(out.path("incidents").asInt()).isZero();
            browser.call("mockDemoTokens", Map.of("tokens", List.of(Map.of("label", "oes", "agency_id", "oes",
                    "roles", List.of("eoc"), "token", Tokens.of("oes", "eoc")))));
            browser.call("open", Map.of("url", gate.url("/" + SETTINGS)));
            browser.call("demoSignIn", Map.of("agency", "oes"));
            status(browser, "live");
            shown(browser, "CB-X");
            writeConflict(kafka, conflicts, "CB-1");
            assertThat(browser.call("waitConflicts", Map.of("count", 1, "timeoutMs", 10000)).asString())
                    .contains("CB-1").contains("severity");
            browser.call("screenshot", Map.of("name", "5-eoc-with-conflicts"));

            List<String> problems = new ArrayList<>();
            browser.call("problems", Map.of()).forEach(p -> problems.add(p.asString()));
            // Chromium logs the handshakes the gate refused (503), the demo-token probe that the edge
            // answers 404 outside demo mode (or that a navigation cut short), and a poll the console
            // aborted itself when it stopped polling (connection.mjs stopPolling); anything else (a
            // script error, a resource the page could not load) fails the test.
            assertThat(problems).as("browser errors").allMatch(p -> p.contains("WebSocket connection to") && p.contains("503")
                    || p.contains("/api/demo/tokens") && (p.contains("404") || p.contains("ERR_ABORTED"))
                    || p.startsWith("requestfailed: ") && p.contains("/api/incidents?") && p.contains("ERR_ABORTED"));
        }
    }

    private static void status(ConsoleBrowser browser, String status) {
        browser.call("waitStatus", Map.of("status", status, "timeoutMs", WAIT.toMillis()), WAIT.plusSeconds(5));
    }

    private static void shown(ConsoleBrowser browser, String id) {
        browser.call("waitIncident", Map.of("id", id, "timeoutMs", WAIT.toMillis()), WAIT.plusSeconds(5));
    }

    private static void shownAt(ConsoleBrowser browser, String id, double lat, double lng) {
        browser.call("waitIncident", Map.of("id", id, "lat", lat, "lng", lng, "timeoutMs", WAIT.toMillis()), WAIT.plusSeconds(5));
    }

    private static void gone(ConsoleBrowser browser, String id) {
        browser.call("waitIncident", Map.of("id", id, "present", false, "timeoutMs", WAIT.toMillis()), WAIT.plusSeconds(5));
    }

    /** An incident of agency alpha in its jurisdiction j-alpha (the test edge's access settings). */
    private static ReconciledIncident incident(String id, long version, DiffType diff, String status, String severity,
                                               double lon, double lat) {
        ReconciledIncident base = Incidents.incident(id, version, diff, List.of("alpha"), List.of("j-alpha"), "fire",
                severity, lon, lat);
        var props = new java.util.TreeMap<>(base.properties());
        props.put("status", StringNode.valueOf(status));
        props.put("title", StringNode.valueOf("Test incident " + id));
        return new ReconciledIncident(base.id(), base.bbox(), base.geometry(), props, base.reconciliation());
    }

    private static ReconciledIncident polygon(String id, long version, String status, String severity,
                                              double west, double south, double east, double north) {
        ReconciledIncident point = incident(id, version, DiffType.CREATE, status, severity, west, south);
        JsonNode geometry = io.incidentfeeds.schemas.json.ContractJson.mapper().readTree(String.format(java.util.Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%1$s,%2$s],[%3$s,%2$s],[%3$s,%4$s],[%1$s,%4$s],[%1$s,%2$s]]]}",
                west, south, east, north));
        return new ReconciledIncident(point.id(), new double[] {west, south, east, north}, geometry, point.properties(),
                point.reconciliation());
    }

    private static void writeConflict(KafkaBroker kafka, String topic, String incidentId) throws Exception {
        ConflictRecord conflict = new ConflictRecord(incidentId, "severity", List.of(
                new CompetingValue("alpha", 2, Instant.now(), StringNode.valueOf("severe")),
                new CompetingValue("bravo", 1, Instant.now().minusSeconds(5), StringNode.valueOf("critical"))),
                new Dot("alpha", 2), Instant.now(), 2);
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, incidentId, conflict.toJson())).get(30, TimeUnit.SECONDS);
        }
    }
}
