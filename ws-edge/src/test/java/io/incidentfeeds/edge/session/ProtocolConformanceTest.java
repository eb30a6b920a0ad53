package io.incidentfeeds.edge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.incidentfeeds.schemas.auth.DemoTokens;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.RawWebSocket;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Every message and error code of the protocol, over real WebSockets against a real edge and
 * broker. TestConsole validates every server message against ws-server-message.schema.json.
 */
@WithKafka
@ExtendWith(SharedEdge.class)
class ProtocolConformanceTest {

    @Test
    void connectionAnnouncesHeartbeatAndLimits(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.connect(edge.instance().ws())) {
            JsonNode data = console.expect("connection").path("data");
            assertThat(data.path("heartbeat_interval_ms").asLong()).isEqualTo(1000);
            assertThat(data.path("protocol_version").asString()).isEqualTo("1.0");
            JsonNode limits = data.path("rate_limit");
            assertThat(limits.path("max_messages_per_minute").asInt()).isEqualTo(1000);
            assertThat(limits.path("burst_limit").asInt()).isEqualTo(50);
            assertThat(limits.path("burst_window_s").asInt()).isEqualTo(5);
            assertThat(limits.path("max_subscriptions").asInt()).isEqualTo(10);
        }
    }

    @Test
    void authSuccessCarriesTheTokensClaims(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.connect(edge.instance().ws())) {
            console.expect("connection");
            console.send("{\"type\":\"auth\",\"token\":\"" + Tokens.of("alpha", "dispatcher", "supervisor") + "\"}");
            JsonNode data = console.expect("auth.success").path("data");
            assertThat(data.path("agency_id").asString()).isEqualTo("alpha");
            assertThat(data.path("roles").valueStream().map(JsonNode::asString)).containsExactly("dispatcher", "supervisor");
            assertThat(Instant.parse(data.path("expires_at").asString())).isAfter(Instant.now().plusSeconds(3000));
        }
    }

    @Test
    void badTokensGetAuthFailedAndTheSessionMayRetry(SharedEdge.Edge edge) throws Exception {
        String wrongKey = new DemoTokens("another-secret-of-at-least-thirty-two-bytes!!").mint("alpha", List.of("dispatcher"), Duration.ofHours(1));
        String expired = new DemoTokens(EdgeInstance.SECRET).mint("alpha", List.of("dispatcher"),
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600));
        SignedJWT noAgency = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .claim("roles", List.of("dispatcher")).expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        noAgency.sign(new MACSigner(EdgeInstance.SECRET.getBytes(StandardCharsets.UTF_8)));
        try (TestConsole console = TestConsole.connect(edge.instance().ws())) {
            console.expect("connection");
            for (String token : List.of(wrongKey, expired, noAgency.serialize(), "not-a-jwt")) {
                console.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
                JsonNode failed = console.expect("auth.failed");
                assertThat(failed.path("error").path("code").asString()).isEqualTo("AUTH_FAILED");
            }
            console.send("{\"type\":\"auth\",\"token\":\"" + Tokens.dispatcher("alpha") + "\"}");
            console.expect("auth.success");
        }
    }

    @Test
    void anotherMessageBeforeAuthGetsAuthRequiredAndCloses(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.connect(edge.instance().ws())) {
            console.expect("connection");
            console.send("{\"type\":\"ping\"}");
            console.expectError("AUTH_REQUIRED");
            assertThat(console.awaitClose()).isEqualTo(CloseReason.AUTH_REQUIRED.code());
        }
    }

    @Test
    void noAuthWithinTheTimeoutGetsAuthRequiredAndCloses(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.connect(edge.instance().ws())) {
            console.expect("connection");
            JsonNode error = console.expectError("AUTH_REQUIRED");
            assertThat(error.path("error").path("message").asString()).contains("no auth within");
            assertThat(console.awaitClose()).isEqualTo(CloseReason.AUTH_REQUIRED.code());
        }
    }

    @Test
    void tokenExpiringDuringTheSessionGetsAuthExpiredAndCloses(SharedEdge.Edge edge) {
        String shortLived = new DemoTokens(EdgeInstance.SECRET).mint("alpha", List.of("dispatcher"),
                Instant.now(), Instant.now().plusSeconds(2));
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), shortLived)) {
            console.subscribe("incidents", "{\"agencies\":[\"alpha\"]}");
            console.expect("subscribed");
            console.until(m -> m.path("type").asString().equals("error"));
            assertThat(console.awaitClose()).isEqualTo(CloseReason.AUTH_EXPIRED.code());
        }
    }

    @Test
    void invalidMessagesAreAnsweredAndTheSessionSurvives(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("alpha"))) {
            for (String bad : List.of("not json", "[1,2]", "{\"type\":\"dance\"}",
                    "{\"type\":\"subscribe\",\"channel\":\"incidents\",\"filters\":{\"bbox\":[1,2,3]}}",
                    "{\"type\":\"ping\",\"extra\":1}")) {
                console.send(bad);
                console.expectError("INVALID_MESSAGE");
            }
            console.send("{\"type\":\"ping\"}");
            console.expect("pong");
        }
    }

    @Test
    void unknownChannelsAreNotFound(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("alpha"))) {
            console.subscribe("weather", "{}");
            console.expectError("CHANNEL_NOT_FOUND");
            console.send("{\"type\":\"unsubscribe\",\"channel\":\"weather\"}");
            console.expectError("CHANNEL_NOT_FOUND");
        }
    }

    @Test
    void conflictsNeedASupervisorOrEocAndAgenciesMustBeEntitled(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("echo"))) {
            console.subscribe("conflicts", "{}");
            console.expectError("FORBIDDEN");
            console.subscribe("incidents", "{\"agencies\":[\"echo\",\"alpha\"]}");
            JsonNode error = console.expectError("FORBIDDEN");
            assertThat(error.path("error").path("details").path("agencies").valueStream().map(JsonNode::asString))
                    .containsExactly("alpha");
        }
        try (TestConsole supervisor = TestConsole.authenticated(edge.instance().ws(), Tokens.of("echo", "supervisor"))) {
            supervisor.subscribeForSnapshot("conflicts", "{}");
        }
    }

    @Test
    void atMostTenSubscriptions(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.of("foxtrot", "eoc"))) {
            for (int i = 0; i < 10; i++) {
                console.subscribe(i % 2 == 0 ? "incidents" : "alerts", "{\"bbox\":[" + i + ",0," + (i + 1) + ",1]}");
                console.expect("subscribed");
                console.expect("snapshot");
            }
            // The same filters again replace a subscription rather than add one.
            console.subscribeForSnapshot("incidents", "{\"bbox\":[0,0,1,1]}");
            console.subscribe("incidents", "{\"bbox\":[20,0,21,1]}");
            console.expectError("MAX_SUBSCRIPTIONS");
            console.send("{\"type\":\"unsubscribe\",\"channel\":\"alerts\"}");
            console.expect("unsubscribed");
            console.subscribe("incidents", "{\"bbox\":[20,0,21,1]}");
            console.expect("subscribed");
        }
    }

    @Test
    void updatesCreateUpdateAndDeleteAsIncidentsMoveThroughTheFilter(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("golf"))) {
            console.subscribeForSnapshot("incidents", "{\"agencies\":[\"golf\"],\"severity\":[\"moderate\",\"severe\"]}");
            Incidents in = edge.incidents();
            in.write(Incidents.incident("PC-1", 1, DiffType.CREATE, List.of("golf"), List.of(), "fire", "moderate", 10, 10));
            assertUpdate(console.expect("update"), "create", "PC-1", 1);
            in.write(Incidents.incident("PC-1", 2, DiffType.UPDATE, List.of("golf"), List.of(), "fire", "severe", 10, 10));
            assertUpdate(console.expect("update"), "update", "PC-1", 2);
            // out of the filter: a delete carrying the last state the console had
            in.write(Incidents.incident("PC-1", 3, DiffType.UPDATE, List.of("golf"), List.of(), "fire", "minor", 10, 10));
            assertUpdate(console.expect("update"), "delete", "PC-1", 2);
            in.write(Incidents.incident("PC-1", 4, DiffType.UPDATE, List.of("golf"), List.of(), "fire", "moderate", 10, 10));
            assertUpdate(console.expect("update"), "create", "PC-1", 4);
            in.write(Incidents.incident("PC-1", 5, DiffType.DELETE, List.of("golf"), List.of(), "fire", "moderate", 10, 10));
            assertUpdate(console.expect("update"), "delete", "PC-1", 4);
            in.tombstone("PC-1");
            console.expectSilence(Duration.ofMillis(500));
        }
    }

    @Test
    void alertsFollowSevereAndCriticalIncidents(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("hotel"))) {
            console.subscribeForSnapshot("alerts", "{\"agencies\":[\"hotel\"]}");
            Incidents in = edge.incidents();
            in.write(Incidents.incident("PA-1", 1, DiffType.CREATE, List.of("hotel"), List.of(), "fire", "moderate", 10, 10));
            console.expectSilence(Duration.ofMillis(500));
            in.write(Incidents.incident("PA-1", 2, DiffType.UPDATE, List.of("hotel"), List.of(), "fire", "critical", 10, 10));
            assertUpdate(console.expect("update"), "create", "PA-1", 2);
            in.write(Incidents.incident("PA-1", 3, DiffType.UPDATE, List.of("hotel"), List.of(), "fire", "minor", 10, 10));
            assertUpdate(console.expect("update"), "delete", "PA-1", 2);
        }
    }

    @Test
    void conflictRecordsReachSupervisorsWhoMaySeeTheIncident(SharedEdge.Edge edge) throws Exception {
        edge.incidents().write(Incidents.incident("PF-1", 1, DiffType.CREATE, List.of("india", "juliet"), List.of(),
                "fire", "severe", 10, 10));
        byte[] conflict = Incidents.class.getResourceAsStream("/examples/conflict/valid/severity.json").readAllBytes();
        String json = new String(conflict, StandardCharsets.UTF_8).replace("INC-2026-0001", "PF-1");
        try (TestConsole india = TestConsole.authenticated(edge.instance().ws(), Tokens.of("india", "supervisor"));
             TestConsole kilo = TestConsole.authenticated(edge.instance().ws(), Tokens.of("kilo", "supervisor"));
             Incidents conflicts = new Incidents(edge.kafka().bootstrapServers(), edge.topic() + ".conflicts")) {
            for (TestConsole c : List.of(india, kilo)) {
                c.subscribeForSnapshot("conflicts", "{}");
            }
            Thread.sleep(1000); // the conflict feed tails from the end: let it reach the end first
            conflicts.send("PF-1", json.getBytes(StandardCharsets.UTF_8));
            JsonNode update = india.expect("update");
            assertThat(update.path("channel").asString()).isEqualTo("conflicts");
            assertThat(update.path("data").path("incident_id").asString()).isEqualTo("PF-1");
            assertThat(update.path("data").path("competing").size()).isEqualTo(2);
            kilo.expectSilence(Duration.ofMillis(500));
        }
    }

    @Test
    void unsubscribeStopsUpdates(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("lima"))) {
            console.subscribeForSnapshot("incidents", "{}");
            console.send("{\"type\":\"unsubscribe\",\"channel\":\"incidents\"}");
            assertThat(console.expect("unsubscribed").path("channel").asString()).isEqualTo("incidents");
            edge.incidents().write(Incidents.simple("PU-1", 1, DiffType.CREATE, "lima", "j-lima", 1, 1));
            console.expectSilence(Duration.ofMillis(500));
        }
    }

    @Test
    void pingGetsPongAndTheServerPingsEverySecond(SharedEdge.Edge edge) throws Exception {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("alpha"))) {
            console.send("{\"type\":\"ping\"}");
            console.expect("pong");
            Thread.sleep(2500);
            assertThat(console.pings()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aConsoleThatNeverAnswersPingsIsClosedOneThatDoesStays(SharedEdge.Edge edge) throws Exception {
        try (RawWebSocket raw = new RawWebSocket(edge.instance().ws());
             TestConsole answering = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("alpha"))) {
            raw.sendText("{\"type\":\"auth\",\"token\":\"" + Tokens.dispatcher("alpha") + "\"}");
            assertThat(raw.readUntil(RawWebSocket.PING)).isNotNull();
            RawWebSocket.Frame close = raw.readUntil(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT.code());
            // The JDK client answers every ping: it outlived the pong timeout that closed the other.
            assertThat(answering.pings()).isGreaterThanOrEqualTo(15);
            answering.send("{\"type\":\"ping\"}");
            answering.expect("pong");
        }
    }

    @Test
    void burstsOverTheLimitAreRefusedAndRepeatedAbuseCloses(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("alpha"))) {
            for (int i = 0; i < 60; i++) {
                console.send("{\"type\":\"ping\"}");
            }
            // auth took one token of the burst of 50; the bucket refills 10 a second meanwhile
            int pongs = 0;
            int refused = 0;
            for (int i = 0; i < 60; i++) {
                JsonNode m = console.next();
                if (m.path("type").asString().equals("pong")) {
                    pongs++;
                } else {
                    assertThat(m.path("error").path("code").asString()).isEqualTo("RATE_LIMIT_EXCEEDED");
                    refused++;
                }
            }
            assertThat(pongs).isBetween(49, 55);
            assertThat(refused).isEqualTo(60 - pongs);
            try {
                for (int i = 0; i < 40; i++) {
                    console.send("{\"type\":\"ping\"}");
                }
            } catch (CompletionException closedMeanwhile) {
                // the edge closed the connection before all were sent: what this test expects
            }
            console.until(m -> m.path("error").path("message").asString().startsWith("repeatedly"));
            assertThat(console.awaitClose()).isEqualTo(CloseReason.RATE_LIMIT.code());
        }
    }

    @Test
    void oversizedFramesAreRefusedAndTheSessionSurvives(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("alpha"))) {
            console.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(20_000) + "\"}");
            JsonNode error = console.expectError("RATE_LIMIT_EXCEEDED");
            assertThat(error.path("error").path("message").asString()).contains("over the limit of 16384");
            console.send("{\"type\":\"ping\"}");
            console.expect("pong");
        }
    }

    @Test
    void framesLargerThanTheContainersBufferArriveWholeAndBinaryFramesAreInvalid(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.connect(edge.instance().ws())) {
            console.expect("connection");
            // 8,000 characters: the container hands it over in parts; the edge judges it whole.
            console.send("{\"type\":\"auth\",\"token\":\"" + "a".repeat(8000) + "\"}");
            assertThat(console.expect("auth.failed").path("error").path("message").asString()).isEqualTo("not a JWT");
            console.sendBinary(new byte[] {1, 2, 3});
            console.expectError("INVALID_MESSAGE");
            console.send("{\"type\":\"auth\",\"token\":\"" + Tokens.dispatcher("alpha") + "\"}");
            console.expect("auth.success");
        }
    }

    @Test
    void aResumePositionThatIsNotOneGetsResumeUnavailableThenASnapshot(SharedEdge.Edge edge) {
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("alpha"))) {
            console.subscribe("incidents", "{}", "v9.garbage");
            assertThat(console.expect("subscribed").path("data").path("resumed").asBoolean()).isFalse();
            console.expectError("RESUME_UNAVAILABLE");
            console.expect("snapshot");
        }
    }

    @Test
    void originsOutsideTheAllowedListAreRefusedAtTheHandshake(SharedEdge.Edge edge) {
        HttpClient client = HttpClient.newHttpClient();
        try (TestConsole allowed = TestConsole.connect(edge.instance().ws(), client, "https://console.example")) {
            allowed.expect("connection");
        }
        assertThatThrownBy(() -> TestConsole.connect(edge.instance().ws(), client, "https://evil.example"))
                .isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("Unexpected HTTP response status code 403");
    }

    private static void assertUpdate(JsonNode update, String diff, String id, long version) {
        assertThat(update.path("diff_type").asString()).as("diff_type of %s", update).isEqualTo(diff);
        assertThat(update.path("data").path("id").asString()).isEqualTo(id);
        assertThat(update.path("data").path("reconciliation").path("version").asLong()).isEqualTo(version);
        assertThat(update.path("position").asString()).startsWith("v1.");
    }
}
