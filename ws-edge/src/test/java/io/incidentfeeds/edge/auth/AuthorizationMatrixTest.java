package io.incidentfeeds.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.testing.AccessOracle;
import io.incidentfeeds.edge.testing.ConsoleView;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Who sees what, over WebSocket, HTTP and the OGC API: two agencies with jurisdictions (alpha: j-alpha, bravo:
 * j-bravo), a sharing rule (charlie's fires go to bravo), an agency without jurisdictions (charlie),
 * one that only appears in another's jurisdiction (zulu) and an EOC. Besides the exact sets, every
 * incident document any console is shown is checked against the rules, independently restated
 * here: no console ever receives an incident it is not entitled to.
 */
@WithKafka
@ExtendWith(SharedEdge.class)
class AuthorizationMatrixTest {

    /** The authorization rules, restated as the oracle ({@link AccessOracle}). */
    private static boolean entitled(String agency, boolean eoc, JsonNode incident) {
        return AccessOracle.entitled(agency, eoc, incident);
    }

    @Test
    void eachConsoleSeesExactlyWhatItsAgencyIsEntitledTo(SharedEdge.Edge edge) throws Exception {
        Incidents in = edge.incidents();
        in.write(Incidents.incident("AM-1", 1, DiffType.CREATE, List.of("alpha"), List.of("j-alpha"), "fire", "minor", 1, 1));
        in.write(Incidents.incident("AM-2", 1, DiffType.CREATE, List.of("bravo"), List.of("j-bravo"), "flood", "minor", 1, 1));
        in.write(Incidents.incident("AM-3", 1, DiffType.CREATE, List.of("charlie"), List.of("j-charlie"), "fire", "minor", 1, 1));

        Map<String, TestConsole> consoles = new LinkedHashMap<>();
        consoles.put("alpha", TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("alpha")));
        consoles.put("bravo", TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("bravo")));
        consoles.put("charlie", TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("charlie")));
        consoles.put("zulu", TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("zulu")));
        consoles.put("oes", TestConsole.authenticated(edge.instance().ws(), Tokens.of("oes", "eoc")));
        // An analyst sees live exactly what its agency's dispatchers see (only the replay channel is more).
        consoles.put("alpha/analyst", TestConsole.authenticated(edge.instance().ws(), Tokens.of("alpha", "analyst")));
        Map<String, ConsoleView> views = new LinkedHashMap<>();
        Map<String, Set<String>> expected = Map.of(
                "alpha", Set.of("AM-1", "AM-6"),
                "bravo", Set.of("AM-1", "AM-2", "AM-3", "AM-6"),
                "charlie", Set.of("AM-3", "AM-4"),
                "zulu", Set.of("AM-5"),
                "oes", Set.of("AM-1", "AM-2", "AM-3", "AM-4", "AM-5", "AM-6"),
                "alpha/analyst", Set.of("AM-1", "AM-6"));
        try {
            for (var e : consoles.entrySet()) {
                e.getValue().subscribe("incidents", "{}");
                e.getValue().expect("subscribed");
                views.put(e.getKey(), new ConsoleView(e.getValue()));
            }
            in.write(Incidents.incident("AM-4", 1, DiffType.CREATE, List.of("charlie"), List.of("j-charlie"), "flood", "minor", 1, 1));
            in.write(Incidents.incident("AM-5", 1, DiffType.CREATE, List.of("zulu"), List.of("j-alpha"), "hazmat", "minor", 1, 1));
            in.write(Incidents.incident("AM-6", 1, DiffType.CREATE, List.of("alpha", "bravo"), List.of("j-x"), "flood", "minor", 1, 1));
            // AM-1 spreads into bravo's jurisdiction: bravo gets it; AM-5 leaves alpha's: alpha loses it.
            in.write(Incidents.incident("AM-1", 2, DiffType.UPDATE, List.of("alpha"), List.of("j-alpha", "j-bravo"), "fire", "minor", 1, 1));
            in.write(Incidents.incident("AM-5", 2, DiffType.UPDATE, List.of("zulu"), List.of("j-zulu"), "hazmat", "minor", 1, 1));

            for (var e : views.entrySet()) {
                e.getValue().awaitIds("AM-", new TreeSet<>(expected.get(e.getKey())));
            }
            for (ConsoleView v : views.values()) {
                v.settle(Duration.ofMillis(300));
            }
            for (var e : views.entrySet()) {
                String agency = e.getKey().split("/")[0];
                assertThat(e.getValue().ids("AM-")).as(e.getKey()).isEqualTo(expected.get(e.getKey()));
                for (JsonNode shown : e.getValue().everything()) {
                    assertThat(entitled(agency, agency.equals("oes"), shown))
                            .as("%s was shown %s", agency, shown.path("id").asString()).isTrue();
                }
            }
            // The delete alpha got for AM-5 carries the state alpha was entitled to, not the new one.
            JsonNode delete = views.get("alpha").updates().stream()
                    .filter(u -> u.path("data").path("id").asString().equals("AM-5") && u.path("diff_type").asString().equals("delete"))
                    .findFirst().orElseThrow();
            assertThat(delete.path("data").path("reconciliation").path("jurisdictions").get(0).asString()).isEqualTo("j-alpha");
            // Replay: eoc, supervisor and analyst (each its agency's view, ReplayTest); not a dispatcher.
            String replay = "{\"type\":\"subscribe\",\"channel\":\"replay\",\"from\":\"" + Instant.now().minusSeconds(60)
                    + "\",\"to\":\"" + Instant.now() + "\",\"speed\":\"max\"}";
            TestConsole analyst = consoles.get("alpha/analyst");
            analyst.send(replay);
            analyst.until(m -> m.path("type").asString().equals("subscribed") && m.path("channel").asString().equals("replay"));
            analyst.until(m -> m.path("type").asString().equals("snapshot") && m.path("channel").asString().equals("replay"));
            analyst.subscribe("conflicts", "{}");
            assertThat(analyst.until(m -> m.path("type").asString().equals("error")).path("error").path("code").asString())
                    .as("conflicts need eoc or supervisor").isEqualTo("FORBIDDEN");
            consoles.get("alpha").send(replay);
            JsonNode refused = consoles.get("alpha").until(m -> m.path("type").asString().equals("error"));
            assertThat(refused.path("error").path("code").asString()).isEqualTo("FORBIDDEN");
            assertThat(refused.path("error").path("details").path("channel").asString()).isEqualTo("replay");
        } finally {
            consoles.values().forEach(TestConsole::close);
        }

        HttpClient http = HttpClient.newHttpClient();
        assertThat(httpIds(edge, http, Tokens.dispatcher("alpha"))).isEqualTo(Set.of("AM-1", "AM-6"));
        assertThat(httpIds(edge, http, Tokens.dispatcher("bravo"))).isEqualTo(Set.of("AM-1", "AM-2", "AM-3", "AM-6"));
        assertThat(httpIds(edge, http, Tokens.of("oes", "eoc"))).hasSize(6);
        assertThat(get(edge, http, "/api/incidents/AM-4", Tokens.dispatcher("alpha")).statusCode()).isEqualTo(404);
        assertThat(get(edge, http, "/api/incidents/AM-4", Tokens.dispatcher("charlie")).statusCode()).isEqualTo(200);
        assertThat(get(edge, http, "/api/incidents?agencies=alpha", Tokens.dispatcher("charlie")).statusCode()).isEqualTo(403);

        // The OGC API: the same sets, every page of them, and every feature checked against the oracle.
        for (var e : expected.entrySet()) {
            assertThat(ogcIds(edge, http, e.getKey(), "incidents")).as("/ogc for %s", e.getKey()).isEqualTo(e.getValue());
            assertThat(ogcIds(edge, http, e.getKey(), "alerts")).as("/ogc alerts for %s", e.getKey()).isEmpty();
        }
        assertThat(get(edge, http, "/ogc/collections/incidents/items/AM-4", Tokens.dispatcher("alpha")).statusCode()).isEqualTo(404);
        assertThat(get(edge, http, "/ogc/collections/incidents/items/AM-4", Tokens.dispatcher("charlie")).statusCode()).isEqualTo(200);
        assertThat(get(edge, http, "/ogc/collections/incidents/items?agencies=alpha", Tokens.dispatcher("charlie")).statusCode())
                .isEqualTo(403);
    }

    /** The AM- incidents /ogc gives {@code agency}'s token, following next links (limit 2, so there are pages). */
    private static Set<String> ogcIds(SharedEdge.Edge edge, HttpClient http, String console, String collection) throws Exception {
        // "alpha/analyst": agency alpha with role analyst; otherwise a dispatcher (or the EOC, oes).
        String[] who = console.split("/");
        String agency = who[0];
        boolean eoc = agency.equals("oes");
        String token = eoc ? Tokens.of(agency, "eoc") : Tokens.of(agency, who.length > 1 ? who[1] : "dispatcher");
        Set<String> ids = new TreeSet<>();
        String next = edge.instance().http("/ogc/collections/" + collection + "/items?limit=2").toString();
        while (next != null) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(java.net.URI.create(next))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = ContractJson.mapper().readTree(response.body());
            next = null;
            for (JsonNode link : page.path("links")) {
                if (link.path("rel").asString().equals("next")) {
                    next = link.path("href").asString();
                }
            }
            for (JsonNode f : page.path("features")) {
                assertThat(entitled(agency, eoc, f)).as("/ogc showed %s %s", agency, f.path("id").asString()).isTrue();
                if (f.path("id").asString().startsWith("AM-")) {
                    assertThat(ids.add(f.path("id").asString())).as("a repeated feature").isTrue();
                }
            }
        }
        return ids;
    }

    private static Set<String> httpIds(SharedEdge.Edge edge, HttpClient http, String token) throws Exception {
        HttpResponse<String> response = get(edge, http, "/api/incidents", token);
        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> ids = new TreeSet<>();
        ContractJson.mapper().readTree(response.body()).path("features").forEach(f -> {
            if (f.path("id").asString().startsWith("AM-")) {
                ids.add(f.path("id").asString());
            }
        });
        return ids;
    }

    static HttpResponse<String> get(SharedEdge.Edge edge, HttpClient http, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(edge.instance().http(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
