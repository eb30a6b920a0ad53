package io.incidentfeeds.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.Readiness;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The console's replay mode in Chromium against a real edge and a recorded history topic: an EOC
 * opens the replay bar, plays a window at 2x, pauses, drags the slider back to the window's start
 * (the map shows the picture as known then), plays to the end at max, and goes back to live with one click;
 * live alerts keep arriving meanwhile. The screenshot of the replay lands in
 * target/console-screenshots/replay.png (docs/console-replay.png is one).
 */
@WithKafka
class ReplayBrowserTest {

    private static final Path ARTIFACTS = Path.of("target/console-screenshots");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    @Test
    void playsPausesSeeksBackAndReturnsToLive(KafkaBroker kafka) throws Exception {
        String topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.reconciled"), 3, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(topic + ".conflicts", 3);
        String history = kafka.createTopic(topic + ".history", 3);
        Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), topic);
        props.put("edge.replay.history-topic", history);
        Instant base = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        try (EdgeInstance edge = EdgeInstance.start(props);
             Incidents live = new Incidents(kafka.bootstrapServers(), topic);
             Incidents recorded = new Incidents(kafka.bootstrapServers(), history);
             ConsoleBrowser browser = ConsoleBrowser.launch(ARTIFACTS)) {
            recorded.write(incident("RB-1", 1, DiffType.CREATE, "minor", -122.42, 37.77), base);
            recorded.write(incident("RB-2", 1, DiffType.CREATE, "moderate", -122.27, 37.80), base.plusSeconds(10));
            recorded.write(incident("RB-1", 2, DiffType.UPDATE, "severe", -122.40, 37.78), base.plusSeconds(20));
            recorded.write(incident("RB-2", 2, DiffType.DELETE, "moderate", -122.27, 37.80), base.plusSeconds(30));
            recorded.write(incident("RB-3", 1, DiffType.CREATE, "critical", -122.50, 37.95), base.plusSeconds(40));
            live.write(incident("RB-LIVE-1", 1, DiffType.CREATE, "minor", -122.30, 37.70));
            Readiness.await(edge);

            browser.call("open", Map.of("url", edge.http("/").toString()));
            browser.call("signIn", Map.of("token", Tokens.of("oes", "eoc")));
            browser.call("waitStatus", Map.of("status", "live"));
            browser.call("waitIncident", Map.of("id", "RB-LIVE-1"));

            // Play the window at 2x; pause once RB-2 has appeared (5 s in).
            browser.call("replayStart", Map.of("from", local(base), "to", local(base.plusSeconds(60)), "speed", "2"));
            browser.call("waitIncident", Map.of("id", "RB-2"));
            browser.call("replayClick", Map.of("control", "play"));
            JsonNode paused = browser.call("replayWait", Map.of("state", "paused"));
            assertThat(ids(paused)).as("the replayed picture, not the live one").doesNotContain("RB-LIVE-1").contains("RB-1", "RB-2");
            assertThat(paused.path("banner").asString()).startsWith("Replay").contains("paused");

            // Seek back to the window's start: the picture as known then.
            browser.call("replaySlide", Map.of("value", 0));
            browser.call("replayWait", Map.of("state", "paused", "instant", iso(base)));
            browser.call("waitIncident", Map.of("id", "RB-2", "present", false));
            browser.call("waitIncident", Map.of("id", "RB-1", "lat", 37.77, "lng", -122.42));
            assertThat(browser.call("listIds", Map.of()).valueStream().map(JsonNode::asString)).containsExactly("RB-1");

            // A live alert arrives during the replay.
            live.write(incident("RB-LIVE-2", 1, DiffType.CREATE, "critical", -122.31, 37.71));
            browser.call("alertIds", Map.of("contains", "RB-LIVE-2"));

            // Play to the end at max: RB-2 deleted, RB-3 reported.
            browser.call("replaySpeed", Map.of("speed", "max"));
            browser.call("replayClick", Map.of("control", "play"));
            browser.call("replayWait", Map.of("state", "ended", "timeoutMs", 30000));
            browser.call("waitIncident", Map.of("id", "RB-3"));
            browser.call("waitIncident", Map.of("id", "RB-2", "present", false));
            browser.call("waitIncident", Map.of("id", "RB-1", "lat", 37.78, "lng", -122.40));
            assertThat(browser.call("listIds", Map.of()).valueStream().map(JsonNode::asString))
                    .containsExactlyInAnyOrder("RB-1", "RB-3");
            browser.call("screenshot", Map.of("name", "replay"));

            // One click back to live.
            browser.call("replayClick", Map.of("control", "live"));
            browser.call("waitIncident", Map.of("id", "RB-LIVE-2"));
            browser.call("waitIncident", Map.of("id", "RB-3", "present", false));
            assertThat(browser.call("listIds", Map.of()).valueStream().map(JsonNode::asString))
                    .containsExactlyInAnyOrder("RB-LIVE-1", "RB-LIVE-2");
            // Anything the page logged but the demo-token probe the edge answers 404 outside demo mode fails the test.
            assertThat(browser.call("problems", Map.of()).valueStream().map(JsonNode::asString))
                    .as("browser errors").allMatch(p -> p.contains("/api/demo/tokens") && p.contains("404"));
        }
    }

    private static List<String> ids(JsonNode replay) {
        return replay.path("ids").valueStream().map(JsonNode::asString).sorted().toList();
    }

    private static String local(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneId.systemDefault()).format(LOCAL);
    }

    private static String iso(Instant t) {
        return t.toString().replace("Z", ".000Z");
    }

    private static io.incidentfeeds.schemas.reconciled.ReconciledIncident incident(String id, long version, DiffType diff,
                                                                                 String severity, double lon, double lat) {
        return Incidents.incident(id, version, diff, List.of("alpha"), List.of("j-alpha"), "fire", severity, lon, lat);
    }
}
