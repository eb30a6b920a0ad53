package io.incidentfeeds.edge.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.testing.ConsoleView;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** Snapshot, disconnect, changes while away, resume: every change exactly once, over WebSocket and HTTP. */
@WithKafka
@ExtendWith(SharedEdge.class)
class ResumeTest {

    private static final String FILTER = "{\"agencies\":[\"romeo\"]}";

    @Test
    void resumeAfterADisconnectSendsEachChangeOnceAndNothingElse(SharedEdge.Edge edge) throws Exception {
        Incidents in = edge.incidents();
        String position;
        ConsoleView before;
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("romeo"))) {
            console.subscribe("incidents", FILTER);
            console.expect("subscribed");
            before = new ConsoleView(console);
            before.apply(console.expect("snapshot"));
            for (int i = 1; i <= 5; i++) {
                in.write(romeo("RS-" + i, 1, DiffType.CREATE));
            }
            before.awaitIds("RS-", java.util.Set.of("RS-1", "RS-2", "RS-3", "RS-4", "RS-5"));
            position = before.position();
        }

        in.write(romeo("RS-1", 2, DiffType.UPDATE));
        in.write(romeo("RS-2", 2, DiffType.DELETE));
        in.tombstone("RS-2");
        in.write(Incidents.incident("RS-3", 2, DiffType.UPDATE, List.of("sierra"), List.of(), "fire", "minor", 1, 1));
        in.write(romeo("RS-4", 2, DiffType.UPDATE));
        in.write(romeo("RS-4", 3, DiffType.UPDATE));
        in.write(romeo("RS-6", 1, DiffType.CREATE));
        in.write(Incidents.incident("RS-7", 1, DiffType.CREATE, List.of("sierra"), List.of(), "fire", "minor", 1, 1));
        awaitViewHas(edge, "RS-7");

        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("romeo"))) {
            console.subscribe("incidents", FILTER, position);
            assertThat(console.expect("subscribed").path("data").path("resumed").asBoolean()).isTrue();
            Map<String, String> got = new TreeMap<>();
            ConsoleView after = before;
            for (int i = 0; i < 5; i++) {
                JsonNode update = console.expect("update");
                after.apply(update);
                String id = update.path("data").path("id").asString();
                assertThat(got.put(id, update.path("diff_type").asString() + "@" + version(update)))
                        .as("a second message for %s", id).isNull();
            }
            console.expectSilence(Duration.ofMillis(500));
            assertThat(got).isEqualTo(Map.of(
                    "RS-1", "update@2", "RS-2", "delete@1", "RS-3", "delete@1", "RS-4", "update@3", "RS-6", "create@1"));

            // The resumed view is the view a fresh snapshot gives.
            try (TestConsole fresh = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("romeo"))) {
                fresh.subscribe("incidents", FILTER);
                fresh.expect("subscribed");
                ConsoleView snapshot = new ConsoleView(fresh);
                snapshot.apply(fresh.expect("snapshot"));
                assertThat(versions(after)).isEqualTo(versions(snapshot)).containsOnlyKeys("RS-1", "RS-4", "RS-5", "RS-6");
            }

            // And it goes on live from there.
            in.write(romeo("RS-5", 2, DiffType.UPDATE));
            JsonNode live = console.expect("update");
            assertThat(live.path("data").path("id").asString()).isEqualTo("RS-5");
        }

        // The HTTP fallback answers the same question the same way.
        JsonNode changes = http(edge, "/api/incidents?agencies=romeo&since=" + URLEncoder.encode(position, StandardCharsets.UTF_8));
        assertThat(changes.path("complete").asBoolean()).isFalse();
        assertThat(changes.path("features").valueStream().map(f -> f.path("id").asString()))
                .containsExactlyInAnyOrder("RS-1", "RS-4", "RS-5", "RS-6");
        assertThat(changes.path("deleted").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("RS-2", "RS-3");
        JsonNode full = http(edge, "/api/incidents?agencies=romeo");
        assertThat(full.path("complete").asBoolean()).isTrue();
        assertThat(full.path("features").size()).isEqualTo(4);
        JsonNode nothingNew = http(edge, "/api/incidents?agencies=romeo&since=" + full.path("position").asString());
        assertThat(nothingNew.path("features").size()).isZero();
        assertThat(nothingNew.path("deleted").size()).isZero();
    }

    @Test
    void aPositionOlderThanTheChangeLogGetsResumeUnavailableAndAFullSnapshot(SharedEdge.Edge edge) {
        Incidents in = edge.incidents();
        in.write(Incidents.simple("RO-0", 1, DiffType.CREATE, "tango", "j-tango", 1, 1));
        String old;
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("tango"))) {
            console.subscribe("incidents", "{}");
            console.expect("subscribed");
            old = console.expect("snapshot").path("position").asString();
        }
        // The test edge keeps 100 changes per partition: 3 partitions, 400 changes.
        for (int i = 0; i < 400; i++) {
            in.write(Incidents.simple("RO-" + (i % 40), 2 + i, DiffType.UPDATE, "tango", "j-tango", 1, 1));
        }
        awaitViewHas(edge, "RO-39");
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("tango"))) {
            console.subscribe("incidents", "{}", old);
            assertThat(console.expect("subscribed").path("data").path("resumed").asBoolean()).isFalse();
            console.expectError("RESUME_UNAVAILABLE");
            ConsoleView view = new ConsoleView(console);
            view.apply(console.expect("snapshot"));
            assertThat(view.ids("RO-")).hasSize(40);
        }
        JsonNode tooOld = http(edge, "/api/incidents?since=" + old, Tokens.dispatcher("tango"));
        assertThat(tooOld.path("complete").asBoolean()).isTrue();
        assertThat(tooOld.path("features").valueStream().filter(f -> f.path("id").asString().startsWith("RO-"))).hasSize(40);
    }

    @Test
    void moreChangesThanAResumeSendsGetASnapshotInstead(SharedEdge.Edge edge) {
        String position;
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("victor"))) {
            console.subscribe("incidents", "{}");
            console.expect("subscribed");
            position = console.expect("snapshot").path("position").asString();
        }
        // The test edge's outbox holds 100: a resume sends at most half of that.
        edge.incidents().writeAll(java.util.stream.IntStream.range(0, 60)
                .mapToObj(i -> Incidents.simple("RM-" + i, 1, DiffType.CREATE, "victor", "j-victor", 1, 1)).toList());
        awaitViewHas(edge, "RM-59");
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("victor"))) {
            console.subscribe("incidents", "{}", position);
            assertThat(console.expect("subscribed").path("data").path("resumed").asBoolean()).isFalse();
            assertThat(console.expectError("RESUME_UNAVAILABLE").path("error").path("message").asString())
                    .startsWith("more changed since resume_from");
            ConsoleView view = new ConsoleView(console);
            view.apply(console.expect("snapshot"));
            assertThat(view.ids("RM-")).hasSize(60);
        }
    }

    private static io.incidentfeeds.schemas.reconciled.ReconciledIncident romeo(String id, long version, DiffType diff) {
        return Incidents.simple(id, version, diff, "romeo", "j-romeo", 1, 1);
    }

    private static long version(JsonNode update) {
        return update.path("data").path("reconciliation").path("version").asLong();
    }

    private static Map<String, Long> versions(ConsoleView view) {
        return view.incidents().entrySet().stream().filter(e -> e.getKey().startsWith("RS-"))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().path("reconciliation").path("version").asLong(),
                        (a, b) -> a, TreeMap::new));
    }

    /** Waits until the edge's view (as the EOC sees it over HTTP) has the incident. */
    static void awaitViewHas(SharedEdge.Edge edge, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(edge.instance().http("/api/incidents/" + id))
                        .header("Authorization", "Bearer " + Tokens.of("oes", "eoc")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                assertThat(System.nanoTime()).as("%s in the view", id).isLessThan(deadline);
                Thread.sleep(50);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static JsonNode http(SharedEdge.Edge edge, String path) {
        return http(edge, path, Tokens.dispatcher("romeo"));
    }

    private static JsonNode http(SharedEdge.Edge edge, String path, String token) {
        try {
            URI uri = edge.instance().http(path);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
            return ContractJson.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
