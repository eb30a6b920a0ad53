package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.testsupport.WithKafka;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code as-of --learned-late T} on {@link LateEdits}' crafted edits, at T = B+6: known then, sffd's fire
 * active and ngfire's report (stamped B+8, clock ahead); made by then, sffd's containment (stamped B+5,
 * appended B+21) with smcfire's severity in its causal past (B+10, appended B+11), and calfire's offline
 * report (B+3, appended B+40). Every differing field, the edit behind it and its lateness, exactly.
 */
@WithKafka
class LearnedLateTest {

    private static LateEdits story;

    @BeforeAll
    static void story(KafkaBroker kafka) throws Exception {
        story = LateEdits.shared(kafka);
    }

    @Test
    void everyFieldKnownOtherwiseThanItWasMadeWithTheEditThatCorrectedItAndHowLateItCame() {
        ReviewScenario.Run run = story.asOf("--learned-late", story.at(6));
        Map<String, JsonNode> lines = lines(run);
        assertThat(lines).containsOnlyKeys("INC-EVT-1", "INC-EVT-2", "INC-EVT-3");

        JsonNode fire = lines.get("INC-EVT-1");
        assertThat(fire.get("change").asString()).isEqualTo("changed");
        assertThat(names(fire)).containsExactly("agencies", "properties.severity", "properties.status");
        assertThat(field(fire, "properties.status")).isEqualTo("{\"known_at\":\"active\",\"event_time\":\"contained\",\"edit\":"
                + edit("sffd", 5, 21, 16, 15, 3) + "}");
        assertThat(field(fire, "properties.severity")).isEqualTo("{\"known_at\":null,\"event_time\":\"moderate\",\"edit\":"
                + edit("smcfire", 10, 11, 1, 5, 2) + "}");
        assertThat(field(fire, "agencies")).isEqualTo("{\"known_at\":[\"sffd\"],\"event_time\":[\"sffd\",\"smcfire\"],\"edit\":"
                + edit("smcfire", 10, 11, 1, 5, 2) + "}");

        JsonNode offline = lines.get("INC-EVT-2");
        assertThat(offline.get("change").asString()).isEqualTo("appeared");
        assertThat(names(offline)).contains("geometry", "properties.status", "agencies");
        offline.get("fields").propertyNames().forEach(name -> assertThat(offline.get("fields").get(name).get("edit").toString())
                .as(name).isEqualTo(edit("calfire", 3, 40, 37, 34, 4)));

        JsonNode ahead = lines.get("INC-EVT-3");
        assertThat(ahead.get("change").asString()).as("known at B+6, but stamped B+8").isEqualTo("disappeared");
        assertThat(field(ahead, "properties.status")).isEqualTo("{\"known_at\":\"active\",\"event_time\":null,\"edit\":null}");

        assertThat(run.err()).contains("3 incidents differ (" + (3 + offline.get("fields").size() + ahead.get("fields").size()) + " fields); "
                + "known at: 2 raw records read, 0 refused; event time: 6 read, 0 refused, 3 edits stamped by then and 1 more as their causal past");
    }

    @Test
    void theHorizonLeavesOutWhatArrivedAfterIt() {
        Map<String, JsonNode> lines = lines(story.asOf("--learned-late", story.at(6), "--horizon", story.at(30)));
        assertThat(lines).as("calfire's report arrived at B+40").containsOnlyKeys("INC-EVT-1", "INC-EVT-3");
        assertThat(names(lines.get("INC-EVT-1"))).containsExactly("agencies", "properties.severity", "properties.status");
    }

    @Test
    void geoJsonHasAFeaturePerIncidentAtItsEventTimeGeometry() {
        ReviewScenario.Run run = ReviewScenario.run(List.of("as-of", "--bootstrap", story.bootstrap, "--raw-topic", story.raw,
                "--learned-late", story.at(6)));
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode collection = ContractJson.mapper().readTree(run.out());
        assertThat(collection.get("type").asString()).isEqualTo("FeatureCollection");
        List<JsonNode> features = collection.get("features").valueStream().toList();
        assertThat(features).extracting(f -> f.get("id").asString()).containsExactly("INC-EVT-1", "INC-EVT-2", "INC-EVT-3");
        assertThat(features).allSatisfy(f -> {
            assertThat(f.get("type").asString()).isEqualTo("Feature");
            assertThat(f.get("geometry").toString()).isEqualTo("{\"type\":\"Point\",\"coordinates\":[-122.42,37.77]}");
        });
        assertThat(features.get(0).get("properties").get("fields").get("properties.status").get("edit").get("late_by_s").asInt()).isEqualTo(16);
    }

    @Test
    void badInputGetsTheExitCodesOfTheOtherModes() {
        ReviewScenario.Run both = story.asOf("--learned-late", story.at(6), "--known-at", story.at(6));
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("after-action: give one of --known-at, --event-time and --learned-late\n");
        ReviewScenario.Run notATime = story.asOf("--learned-late", "yesterday");
        assertThat(notATime.status()).isEqualTo(3);
        assertThat(notATime.err()).startsWith("after-action: --learned-late 'yesterday' is not a time");
        ReviewScenario.Run inverted = story.asOf("--learned-late", story.at(30), "--horizon", story.at(6));
        assertThat(inverted.status()).isEqualTo(3);
        assertThat(inverted.err()).startsWith("after-action: the instants are inverted: --horizon ").contains(" is before --learned-late ");
        ReviewScenario.Run format = ReviewScenario.run(List.of("as-of", "--bootstrap", story.bootstrap, "--raw-topic", story.raw,
                "--learned-late", story.at(6), "--format", "csv"));
        assertThat(format.status()).isEqualTo(2);
        assertThat(format.err()).isEqualTo("after-action: --format csv: choose geojson or ndjson\n");
        ReviewScenario.Run noTopic = ReviewScenario.run(List.of("as-of", "--bootstrap", story.bootstrap, "--raw-topic", "no-such-topic",
                "--learned-late", story.at(6)));
        assertThat(noTopic.status()).isEqualTo(4);
        assertThat(noTopic.err()).startsWith("after-action: topic 'no-such-topic' does not exist on " + story.bootstrap);
        assertThat(ReviewScenario.run(List.of("as-of", "--bootstrap", "127.0.0.1:1", "--timeout", "2", "--learned-late", "now")).status())
                .isEqualTo(6);
    }

    private String edit(String agency, int madeAt, int appendedAt, int lateBy, int afterInstant, int offset) {
        return "{\"agency\":\"" + agency + "\",\"timestamp\":\"" + story.at(madeAt) + "\",\"appended_at\":\"" + story.at(appendedAt)
                + "\",\"late_by_s\":" + lateBy + ",\"after_instant_s\":" + afterInstant + ",\"source\":\"" + story.raw + "/0/" + offset + "\"}";
    }

    private static Map<String, JsonNode> lines(ReviewScenario.Run run) {
        assertThat(run.status()).as(run.err()).isZero();
        Map<String, JsonNode> lines = new TreeMap<>();
        run.out().lines().map(l -> ContractJson.mapper().readTree(l)).forEach(l -> lines.put(l.get("incident_id").asString(), l));
        return lines;
    }

    private static List<String> names(JsonNode line) {
        return line.get("fields").propertyNames().stream().sorted().toList();
    }

    private static String field(JsonNode line, String name) {
        return line.get("fields").get(name).toString();
    }
}
