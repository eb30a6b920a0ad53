package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
            assertThat(run.err()).contains("cross-check against " + scenario.topics.history() + ": " + expectedAll(scenario, at)
                    + " agree, 0 differ, 0 not checkable");
        }
    }

    @Test
    void againstTheHistoryEveryVersionIsCheckedAgainstTheCompactedTopicOnlyThoseThatSurvive(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String at = TelemetryCodec.formatTimestamp(scenario.at(4)); // INC-AAR-1 at v2, superseded since by v3 to v5
        String compacted = scenario.compactedReconciled(kafka);
        ReviewScenario.Run history = ReviewScenario.run(scenario.command("as-of", "--known-at", at, "--strict",
                "--reconciled-topic", compacted));
        assertThat(history.status()).as(history.err()).isZero();
        assertThat(history.err()).contains("cross-check against " + scenario.topics.history() + ": 2 agree, 0 differ, 0 not checkable");

        ReviewScenario.Run compactedOnly = ReviewScenario.run(scenario.command("as-of", "--known-at", at, "--strict",
                "--reconciled-topic", compacted, "--history-topic", "no-history-here"));
        assertThat(compactedOnly.status()).as(compactedOnly.err()).isZero();
        assertThat(compactedOnly.err()).contains("note: topic no-history-here does not exist",
                "cross-check against " + compacted + ": 0 agree, 0 differ, 2 not checkable (that version compacted away, or not yet written)");
    }

    @Test
    void theHistoryCheckIsExactAVersionStampedByTheInstantThatTheRecomputationLacksIsADifference(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        Instant at = scenario.at(4);
        List<ConsumerRecord<byte[], byte[]>> history = scenario.contents(scenario.topics.history());
        List<ConsumerRecord<byte[], byte[]>> crafted = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : history) {
            ReconciledIncident v = ReconciledIncident.fromJson(r.value());
            // INC-AAR-1's v3 stamped before the instant, as a raw record appended after a later-stamped one would be under CreateTime
            long stamp = v.id().equals("INC-AAR-1") && v.reconciliation().version() == 3 ? at.toEpochMilli() : r.timestamp();
            crafted.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), stamp, r.timestampType(), 0, 0, r.key(), r.value(),
                    r.headers(), Optional.empty()));
            if (v.id().equals("INC-AAR-2") && v.reconciliation().version() == 1) { // and an incident the raw topic never had
                crafted.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(), 0, 0,
                        "INC-AAR-9".getBytes(StandardCharsets.UTF_8), r.value(), r.headers(), Optional.empty()));
            }
        }
        String copy = ReviewScenario.copy(kafka, kafka.createTopic("crafted-" + scenario.topics.history(), 3), crafted);
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("as-of", "--known-at", TelemetryCodec.formatTimestamp(at), "--strict",
                "--history-topic", copy));
        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("cross-check against " + copy + ": 1 agree, 2 differ, 0 not checkable",
                "differs: INC-AAR-1: the live version at " + at + " is v3 (from " + scenario.topics.raw() + "/1/6), not the recomputed v2 (from "
                        + scenario.topics.raw() + "/1/3)",
                "differs: INC-AAR-9: the live version at " + at + " is v1 (from " + scenario.topics.raw() + "/1/2); not recomputed");
    }

    @Test
    void onALogAppendTimeRawTopicKnownAtIsWhatHadReachedKafkaByThenWhateverTheProducersStamped(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String raw = kafka.createTopic(KafkaBroker.uniqueName("append-time-raw"), 1, Map.of("message.timestamp.type", "LogAppendTime"));
        Instant future = Instant.now().plus(Duration.ofDays(1));
        Instant past = Instant.now().minus(Duration.ofDays(1));
        send(kafka, raw, "INC-LAT-1", future); // stamped tomorrow by its producer, appended now
        Thread.sleep(50);
        Instant knownAt = Instant.now();
        Thread.sleep(50);
        send(kafka, raw, "INC-LAT-2", past); // stamped yesterday by its producer, appended after the instant

        ReviewScenario.Run then = ReviewScenario.run(scenario.command("as-of", "--raw-topic", raw, "--known-at",
                knownAt.toString(), "--format", "ndjson"));
        assertThat(ids(then)).as("what had reached Kafka by %s", knownAt).containsExactly("INC-LAT-1");
        assertThat(ids(ReviewScenario.run(scenario.command("as-of", "--raw-topic", raw, "--known-at", "now", "--format", "ndjson"))))
                .containsExactly("INC-LAT-1", "INC-LAT-2");
    }

    private static void send(KafkaBroker kafka, String topic, String incident, Instant producerStamp) throws Exception {
        String mqttTopic = "incident/sffd/fire/telemetry";
        byte[] payload = ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-122.42,37.77]},\"properties\":"
                + "{\"incident_id\":\"" + incident + "\",\"agency_id\":\"sffd\",\"status\":\"active\",\"timestamp\":\""
                + TelemetryCodec.formatTimestamp(Instant.now()) + "\",\"sequence_number\":1}}").getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(MqttHeaders.TOPIC, mqttTopic.getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, producerStamp.toEpochMilli(),
                    incident.getBytes(StandardCharsets.UTF_8), payload, headers)).get();
        }
    }

    /** How many incidents (deleted ones too) the live pipeline had a version of by {@code at}. */
    private static long expectedAll(ReviewScenario scenario, Instant at) {
        return scenario.contents(scenario.topics.history()).stream().filter(r -> r.timestamp() <= at.toEpochMilli())
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().count();
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
        // From the start: a checkpoint holds what the live processor computed with its own rules.
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("as-of", "--known-at", "now", "--strict", "--from-start",
                "--processor-config", config.toString()));
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("0 agree, 3 differ", "differs: INC-AAR-2: reconciliation.jurisdictions: computed [\"everywhere\"], live [\"alameda-county\"]");
        assertThat(ReviewScenario.run(scenario.command("as-of", "--known-at", "now", "--from-start", "--processor-config", config.toString())).status())
                .as("without --strict the difference is reported, not an error").isZero();
    }

    private static List<String> ids(ReviewScenario.Run run) {
        assertThat(run.status()).as(run.err()).isZero();
        return run.out().lines().map(l -> ReconciledIncident.fromJson(l.getBytes(StandardCharsets.UTF_8)).id()).sorted().toList();
    }

}
