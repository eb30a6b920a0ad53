package io.incidentfeeds.edge.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.session.CloseReason;
import io.incidentfeeds.edge.testing.ConsoleView;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.Readiness;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Edges as replicas: one that starts before its topic exists is not ready and refuses subscriptions;
 * two edges on the same topic hold identical views and positions, so a console resumes on either;
 * an edge that restarts while consoles are connected loses nothing they need: they reconnect with
 * resume_from and get exactly what changed meanwhile.
 */
@WithKafka
class ReplicasTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String EOC = Tokens.of("oes", "eoc");

    @Test
    void replicasAgreeAndConsolesMoveBetweenThemAcrossARestart(KafkaBroker kafka) throws Exception {
        String topic = KafkaBroker.uniqueName("incidents.reconciled");
        Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), topic);
        EdgeInstance a = EdgeInstance.start(props);
        try {
            replicas(kafka, topic, props, a);
        } finally {
            a.close();
        }
    }

    private static void replicas(KafkaBroker kafka, String topic, Map<String, String> props, EdgeInstance a) throws Exception {
        EdgeInstance b = null;
        // Before the topic exists: not ready, and subscriptions fail rather than show an empty map.
        assertThat(Readiness.status(a)).isEqualTo(503);
        try (TestConsole early = TestConsole.authenticated(a.ws(), EOC)) {
            early.subscribe("incidents", "{}");
            early.expectError("SUBSCRIPTION_FAILED");
        }
        assertThat(get(a, "/api/incidents").statusCode()).isEqualTo(503);
        kafka.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));
        // (The producer starts after the topic exists: an idempotent producer that first saw the
        // topic missing can trip over its own sequence numbers.)
        try (Incidents in = new Incidents(kafka.bootstrapServers(), topic)) {
            in.writeAll(IntStream.range(0, 30).mapToObj(i -> Incidents.simple("RP-" + i, 1, DiffType.CREATE,
                    i % 2 == 0 ? "alpha" : "bravo", "j-x", i, i)).toList());
            Readiness.await(a);
            b = EdgeInstance.start(props);
            Readiness.await(b);
            awaitSameView(a, b);

            // A console on A, then changes, then the console moves to B with A's position.
            String position;
            try (TestConsole onA = TestConsole.authenticated(a.ws(), EOC)) {
                onA.subscribe("incidents", "{}");
                onA.expect("subscribed");
                position = onA.expect("snapshot").path("position").asString();
            }
            in.write(Incidents.simple("RP-1", 2, DiffType.UPDATE, "bravo", "j-x", 1, 1));
            in.write(Incidents.simple("RP-2", 2, DiffType.DELETE, "alpha", "j-x", 2, 2));
            in.write(Incidents.simple("RP-30", 1, DiffType.CREATE, "alpha", "j-x", 3, 3));
            awaitSameView(a, b);
            try (TestConsole onB = TestConsole.authenticated(b.ws(), EOC)) {
                onB.subscribe("incidents", "{}", position);
                assertThat(onB.expect("subscribed").path("data").path("resumed").asBoolean()).isTrue();
                Map<String, String> got = new TreeMap<>();
                for (int i = 0; i < 3; i++) {
                    JsonNode u = onB.expect("update");
                    got.put(u.path("data").path("id").asString(), u.path("diff_type").asString());
                }
                onB.expectSilence(Duration.ofMillis(300));
                assertThat(got).isEqualTo(Map.of("RP-1", "update", "RP-2", "delete", "RP-30", "create"));
            }

            // A restart of B while a console is on it: it is told to go away (1001), resumes on the new B.
            TestConsole console = TestConsole.authenticated(b.ws(), EOC);
            ConsoleView view = new ConsoleView(console);
            console.subscribe("incidents", "{}");
            console.expect("subscribed");
            view.apply(console.expect("snapshot"));
            in.write(Incidents.simple("RP-3", 2, DiffType.UPDATE, "bravo", "j-x", 3, 3));
            view.apply(console.expect("update"));
            b.close();
            assertThat(console.awaitClose()).isEqualTo(CloseReason.SHUTDOWN.code());
            view.poll();
            in.write(Incidents.simple("RP-4", 2, DiffType.UPDATE, "alpha", "j-x", 4, 4));
            in.write(Incidents.simple("RP-5", 2, DiffType.DELETE, "bravo", "j-x", 5, 5));
            b = EdgeInstance.start(props);
            Readiness.await(b);
            try (TestConsole again = TestConsole.authenticated(b.ws(), EOC)) {
                again.subscribe("incidents", "{}", view.position());
                assertThat(again.expect("subscribed").path("data").path("resumed").asBoolean()).isTrue();
                ConsoleView resumed = view;
                for (int i = 0; i < 2; i++) {
                    resumed.apply(again.expect("update"));
                }
                again.expectSilence(Duration.ofMillis(300));
                // Nothing missed, nothing extra: the resumed map is the edge's current view.
                assertThat(versions(resumed.incidents())).isEqualTo(versions(fullView(a)));
            }
        } finally {
            if (b != null) {
                b.close();
            }
        }
    }

    private static void awaitSameView(EdgeInstance a, EdgeInstance b) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode va;
        JsonNode vb;
        do {
            assertThat(System.nanoTime()).as("both edges reach the same view").isLessThan(deadline);
            Thread.sleep(50);
            va = full(a);
            vb = full(b);
        } while (!va.path("position").equals(vb.path("position")));
        assertThat(versions(byId(va))).isEqualTo(versions(byId(vb)));
        assertThat(byId(va)).isEqualTo(byId(vb));
    }

    private static Map<String, JsonNode> fullView(EdgeInstance edge) throws Exception {
        return byId(full(edge));
    }

    private static JsonNode full(EdgeInstance edge) throws Exception {
        HttpResponse<String> r = get(edge, "/api/incidents");
        assertThat(r.statusCode()).isEqualTo(200);
        return ContractJson.mapper().readTree(r.body());
    }

    private static Map<String, JsonNode> byId(JsonNode collection) {
        Map<String, JsonNode> out = new TreeMap<>();
        collection.path("features").forEach(f -> out.put(f.path("id").asString(), f));
        return out;
    }

    private static Map<String, Long> versions(Map<String, JsonNode> incidents) {
        return incidents.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().path("reconciliation").path("version").asLong(), (x, y) -> x, TreeMap::new));
    }

    private static HttpResponse<String> get(EdgeInstance edge, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(edge.http(path)).header("Authorization", "Bearer " + EOC).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
