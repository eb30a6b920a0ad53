package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.testsupport.WithKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code diff}: between two instants of the scenario, exactly the changes its story made; between two topics, exactly their difference. */
@WithKafka
class DiffTest {

    @Test
    void whatChangedBetweenTwoInstantsByIncidentAndField(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        // At record 3: the fire a polygon, active, no severity; the medical call active; the Marin fire not reported yet.
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("diff", "--before", TelemetryCodec.formatTimestamp(scenario.at(3)),
                "--after", TelemetryCodec.formatTimestamp(scenario.at(11))));
        assertThat(run.status()).as(run.err()).isZero();
        Map<String, JsonNode> lines = new TreeMap<>();
        run.out().lines().map(l -> ContractJson.mapper().readTree(l)).forEach(l -> lines.put(l.get("incident_id").asString(), l));
        assertThat(lines).containsOnlyKeys("INC-AAR-1", "INC-AAR-2", "INC-AAR-3");

        JsonNode fire = lines.get("INC-AAR-1");
        assertThat(fire.get("change").asString()).isEqualTo("changed");
        assertThat(names(fire)).containsExactly("conflicts", "properties.severity");
        assertThat(fire.get("fields").get("properties.severity").toString()).isEqualTo("{\"before\":null,\"after\":\"severe\"}");
        assertThat(fire.get("fields").get("conflicts").toString()).isEqualTo("{\"before\":[],\"after\":[\"severity\"]}");

        assertThat(lines.get("INC-AAR-2").get("fields").get("properties.status").toString())
                .isEqualTo("{\"before\":\"active\",\"after\":\"resolved\"}");
        JsonNode marin = lines.get("INC-AAR-3");
        assertThat(marin.get("change").asString()).isEqualTo("appeared");
        assertThat(marin.get("fields").get("properties.severity").toString()).isEqualTo("{\"before\":null,\"after\":\"critical\"}");
        assertThat(run.err()).contains("3 incidents differ");

        // By the end the Marin fire was deleted: absent at both instants, it is not a difference.
        ReviewScenario.Run toTheEnd = ReviewScenario.run(scenario.command("diff", "--before", TelemetryCodec.formatTimestamp(scenario.at(3))));
        assertThat(toTheEnd.out().lines().map(l -> ContractJson.mapper().readTree(l).get("incident_id").asString()).toList())
                .containsExactly("INC-AAR-1", "INC-AAR-2");
        assertThat(ReviewScenario.run(scenario.command("diff", "--before", "-1h", "--after", "-2h")).status()).isEqualTo(3);
    }

    @Test
    void twoTopicsOfVersionsComparedByIncidentAndField(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String history = scenario.topics.history();
        // The history's last versions are the reconciled topic's: no difference.
        ReviewScenario.Run same = ReviewScenario.run(scenario.command("diff", "--topics", history + "," + scenario.topics.reconciled()));
        assertThat(same.status()).as(same.err()).isZero();
        assertThat(same.out()).isEmpty();
        assertThat(same.err()).contains("0 incidents differ");

        // A copy of the history without the medical call's last version ("resolved"): only that incident differs, by its status.
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(scenario.contents(history));
        ConsumerRecord<byte[], byte[]> resolved = records.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("INC-AAR-2"))
                .reduce((a, b) -> b).orElseThrow();
        records.remove(resolved);
        String withoutIt = ReviewScenario.copy(kafka, kafka.createTopic("without-last-" + history, 3), records);
        ReviewScenario.Run diff = ReviewScenario.run(scenario.command("diff", "--topics", history + "," + withoutIt));
        assertThat(diff.status()).as(diff.err()).isZero();
        List<JsonNode> lines = diff.out().lines().map(l -> ContractJson.mapper().readTree(l)).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("incident_id").asString()).isEqualTo("INC-AAR-2");
        assertThat(lines.get(0).get("fields").get("properties.status").toString()).isEqualTo("{\"before\":\"resolved\",\"after\":\"contained\"}");

        // At an instant before that version was written, the two topics agree.
        Instant beforeIt = Instant.ofEpochMilli(resolved.timestamp() - 1);
        assertThat(ReviewScenario.run(scenario.command("diff", "--topics", history + "," + withoutIt, "--at", beforeIt.toString())).out()).isEmpty();

        // Bad input: both forms, neither, one topic, an unknown topic.
        assertThat(ReviewScenario.run(scenario.command("diff", "--topics", history + "," + withoutIt, "--before", "-1h")).status()).isEqualTo(2);
        assertThat(ReviewScenario.run(scenario.command("diff")).status()).isEqualTo(2);
        assertThat(ReviewScenario.run(scenario.command("diff", "--topics", history)).status()).isEqualTo(2);
        assertThat(ReviewScenario.run(scenario.command("diff", "--topics", history + ",no-such-topic")).status()).isEqualTo(4);
    }

    private static List<String> names(JsonNode line) {
        return line.get("fields").propertyNames().stream().sorted().toList();
    }
}
