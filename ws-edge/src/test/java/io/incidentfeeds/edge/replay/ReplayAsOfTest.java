package io.incidentfeeds.edge.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.afteraction.cli.ReviewScenario;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Readiness;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.testsupport.WithKafka;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The picture a replay shows after a seek is {@code after-action as-of --known-at} at that instant.
 * after-action's review scenario writes a multi-agency story to a raw topic and runs the real stream
 * processor over it (history, checkpoints, a conflict, a deletion, dead-lettered records); the edge
 * replays that processor's history and checkpoints, and the as-of command, run in this JVM on the same
 * broker and topics, recomputes each picture from the raw topic. Both sides' features are compared
 * whole, incident by incident.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayAsOfTest {

    private ReviewScenario scenario;
    private EdgeInstance edge;

    @BeforeAll
    void start(KafkaBroker kafka) throws Exception {
        scenario = ReviewScenario.shared(kafka);
        Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), scenario.topics.reconciled());
        props.put("edge.kafka.conflicts-topic", scenario.topics.conflicts());
        props.put("edge.replay.history-topic", scenario.topics.history());
        props.put("edge.replay.checkpoints-topic", scenario.checkpoints);
        edge = EdgeInstance.start(props);
        Readiness.await(edge);
    }

    @AfterAll
    void stop() {
        edge.close();
    }

    @Test
    void thePictureAfterASeekIsAsOfKnownAtThatInstant() {
        int last = scenario.sent.size() - 1;
        Instant from = scenario.at(0);
        Instant to = scenario.at(last).plusSeconds(5);
        try (TestConsole eoc = TestConsole.authenticated(edge.ws(), Tokens.of("oes", "eoc"))) {
            eoc.send("{\"type\":\"subscribe\",\"channel\":\"replay\",\"from\":\"" + from + "\",\"to\":\"" + to
                    + "\",\"speed\":\"max\"}");
            assertThat(pictureAt(eoc, from)).as("the picture at from").isEqualTo(asOfKnownAt(from));
            // Seeks forward and back: on a record's own instant, between two, past the deletion, to the end.
            for (Instant at : List.of(scenario.at(7), scenario.at(3).plusSeconds(5), scenario.at(12), scenario.at(10),
                    scenario.at(last), to)) {
                eoc.send("{\"type\":\"seek\",\"at\":\"" + at + "\"}");
                Map<String, JsonNode> sought = pictureAt(eoc, at);
                assertThat(sought).as("the picture after a seek to %s", at).isEqualTo(asOfKnownAt(at)).isNotEmpty();
            }
        }
    }

    /** The replay's snapshot marked with {@code instant}: its features by incident. */
    private static Map<String, JsonNode> pictureAt(TestConsole console, Instant instant) {
        JsonNode snapshot = console.until(m -> m.path("type").asString().equals("snapshot")
                && m.path("channel").asString().equals("replay")
                && Instant.parse(m.path("replay").path("instant").asString()).equals(instant));
        Map<String, JsonNode> picture = new TreeMap<>();
        snapshot.path("data").path("features").forEach(f -> picture.put(f.path("id").asString(), f));
        return picture;
    }

    /** {@code after-action as-of --known-at <instant> --strict} on the scenario's topics: its features by incident. */
    private Map<String, JsonNode> asOfKnownAt(Instant instant) {
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("as-of", "--known-at", instant.toString(), "--strict"));
        assertThat(run.status()).as("as-of --known-at %s; stderr: %s", instant, run.err()).isZero();
        Map<String, JsonNode> picture = new TreeMap<>();
        ContractJson.mapper().readTree(run.out()).path("features").forEach(f -> picture.put(f.path("id").asString(), f));
        return picture;
    }
}
