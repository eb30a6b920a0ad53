package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code as-of --known-at}: at several instants, the recomputed picture is, byte for byte, the last
 * version the live processor had emitted for each incident by then (read here from the reconciled
 * topic by its record times, independently of the tool's own cross-check).
 */
@WithKafka
class AsOfTest {

    @Test
    void theRecomputedPictureIsTheLiveVersionsAtEachInstant(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        List<ConsumerRecord<byte[], byte[]>> live = scenario.contents(scenario.topics.reconciled());
        for (int i : new int[] {0, 3, 7, 10, scenario.sent.size() - 1}) {
            Instant at = scenario.at(i);
            ReviewScenario.Run run = ReviewScenario.run(scenario.command("as-of", "--known-at", TelemetryCodec.formatTimestamp(at),
                    "--format", "ndjson", "--strict"));
            assertThat(run.status()).as("exit status at %s; stderr: %s", at, run.err()).isZero();

            Map<String, String> expected = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : live) { // in offset order per partition; an incident lives in one
                if (r.timestamp() <= at.toEpochMilli()) {
                    expected.put(new String(r.key(), StandardCharsets.UTF_8), new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            expected.values().removeIf(v -> ReconciledIncident.fromJson(v.getBytes(StandardCharsets.UTF_8)).reconciliation().diffType()
                    == DiffType.DELETE);
            Map<String, String> computed = new TreeMap<>();
            run.out().lines().forEach(line -> computed.put(ReconciledIncident.fromJson(line.getBytes(StandardCharsets.UTF_8)).id(), line));
            assertThat(computed).as("picture known at %s", at).isEqualTo(expected);
            assertThat(run.err()).contains(" 0 differ, 0 not checkable");
        }
    }

    @Test
    void theFinalPictureHasTheConflictAndLeavesTheDeletedIncidentOut(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("as-of", "--known-at", "now"));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("{\"type\":\"FeatureCollection\",\"features\":[").contains("\"INC-AAR-1\"", "\"INC-AAR-2\"")
                .doesNotContain("\"INC-AAR-3\"").contains("\"conflicts\":[{\"field\":\"severity\"");
        assertThat(run.err()).contains("14 raw records read, 2 refused, 3 incidents (1 deleted), 2 shown", "3 agree, 0 differ");
    }

    @Test
    void asAnAgencyOnlyWhatThePolicyLetsItSee(KafkaBroker kafka, @TempDir Path dir) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        ReviewScenario.Run oakfd = ReviewScenario.run(scenario.command("as-of", "--known-at", "now", "--format", "ndjson", "--as", "oakfd"));
        assertThat(ids(oakfd)).containsExactly("INC-AAR-2");
        // ws-edge's keys: San Francisco's jurisdiction given to oakfd makes the fire there visible too.
        Path access = Files.writeString(dir.resolve("access.properties"), "edge.access.jurisdictions.oakfd=sf-county\n");
        ReviewScenario.Run withJurisdiction = ReviewScenario.run(scenario.command("as-of", "--known-at", "now", "--format", "ndjson",
                "--as", "oakfd", "--access-config", access.toString()));
        assertThat(ids(withJurisdiction)).containsExactly("INC-AAR-1", "INC-AAR-2");
        Path yaml = Files.writeString(dir.resolve("access.yml"), "edge:\n  access:\n    sharing:\n      - owner: sffd\n        grantee: oakfd\n"
                + "        incident-types: [fire]\n");
        ReviewScenario.Run shared = ReviewScenario.run(scenario.command("as-of", "--known-at", "now", "--format", "ndjson",
                "--as", "oakfd", "--access-config", yaml.toString()));
        assertThat(ids(shared)).containsExactly("INC-AAR-1", "INC-AAR-2");
        ReviewScenario.Run eoc = ReviewScenario.run(scenario.command("as-of", "--known-at", "now", "--format", "ndjson",
                "--as", "oakfd", "--role", "eoc"));
        assertThat(ids(eoc)).containsExactly("INC-AAR-1", "INC-AAR-2");
    }

    @Test
    void aPictureComputedWithOtherRulesDisagreesAndStrictSaysSo(KafkaBroker kafka, @TempDir Path dir) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        // A jurisdictions layer other than the live processor's: every version's jurisdictions differ.
        Path layer = Files.writeString(dir.resolve("layer.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{\"id\":\"everywhere\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[-179,-89],[179,-89],[179,89],[-179,89],[-179,-89]]]}}]}");
        Path config = Files.writeString(dir.resolve("processor.properties"), "jurisdictions.layer=" + layer + "\n");
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("as-of", "--known-at", "now", "--strict",
                "--processor-config", config.toString()));
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("0 agree, 3 differ", "differs: INC-AAR-2: reconciliation.jurisdictions: computed [\"everywhere\"], live [\"alameda-county\"]");
        assertThat(ReviewScenario.run(scenario.command("as-of", "--known-at", "now", "--processor-config", config.toString())).status())
                .as("without --strict the difference is reported, not an error").isZero();
    }

    private static List<String> ids(ReviewScenario.Run run) {
        assertThat(run.status()).as(run.err()).isZero();
        return run.out().lines().map(l -> ReconciledIncident.fromJson(l.getBytes(StandardCharsets.UTF_8)).id()).sorted().toList();
    }

}
