package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.afteraction.reprocess.RunNames;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.Topics;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reprocess}: the live processor run again under a prefix, on the review scenario's raw topic
 * (which the live processor already processed). Each output is read here independently of the tool and
 * compared with what the live run wrote.
 */
@WithKafka
class ReprocessTest {

    private static final List<String> OUTPUTS = List.of(Topics.DLQ, Topics.RECONCILED, Topics.HISTORY, Topics.CONFLICTS);

    @Test
    void fromTheRawTopicsStartWithTheLiveRulesEveryOutputIsTheLiveOnesByteForByteAndNothingIsLeftBehind(KafkaBroker kafka,
                                                                                                        @TempDir Path state) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String prefix = KafkaBroker.uniqueName("rerun") + ".";
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("reprocess", "--prefix", prefix, "--state-dir", state.toString()));
        assertThat(run.status()).as(run.err()).isZero();

        List<String> live = List.of(scenario.topics.dlq(), scenario.topics.reconciled(), scenario.topics.history(), scenario.topics.conflicts());
        for (int i = 0; i < OUTPUTS.size(); i++) {
            List<ConsumerRecord<byte[], byte[]>> liveRecords = scenario.contents(live.get(i));
            assertThat(byKey(scenario.contents(prefix + OUTPUTS.get(i)))).as("%s against %s", prefix + OUTPUTS.get(i), live.get(i))
                    .isEqualTo(byKey(liveRecords)).isNotEmpty();
            assertThat(run.out()).contains("wrote " + prefix + OUTPUTS.get(i) + ": " + liveRecords.size() + " records\n");
        }
        assertThat(run.out()).contains("0 incidents lack their first edits in the window");
        assertThat(run.err()).contains("reprocess: 14 of 14 raw records in ", "reprocess: deleted internal topics [" + prefix
                + RunNames.APPLICATION + "-");
        assertLeftBehindOnlyItsOffsets(kafka, scenario, prefix, state);

        ReviewScenario.Run again = ReviewScenario.run(scenario.command("reprocess", "--prefix", prefix, "--state-dir", state.toString()));
        assertThat(again.status()).isEqualTo(8);
        assertThat(again.err()).startsWith("after-action: --prefix '" + prefix + "' already holds a run: topic " + prefix + Topics.DLQ)
                .contains("--resume continues it, --overwrite deletes it and starts again");
    }

    @Test
    void twoInstancesShareARunAndTogetherWriteEveryOutputOnce(KafkaBroker kafka, @TempDir Path state) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String prefix = KafkaBroker.uniqueName("pair") + ".";
        String windowGroup = prefix + RunNames.APPLICATION + "-window";
        CompletableFuture<ReviewScenario.Run> first = CompletableFuture.supplyAsync(() -> ReviewScenario.run(scenario.command("reprocess",
                "--prefix", prefix, "--state-dir", state.resolve("first").toString())));
        try (Admin admin = kafka.admin()) { // the second joins once the first has kept the window
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (admin.listConsumerGroupOffsets(windowGroup).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).isEmpty()) {
                assertThat(first).as("the first instance is still running").isNotDone();
                assertThat(System.nanoTime()).as("the first instance kept its window within 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        ReviewScenario.Run second = ReviewScenario.run(scenario.command("reprocess", "--prefix", prefix, "--state-dir",
                state.resolve("second").toString(), "--resume"));
        ReviewScenario.Run firstRun = first.get(120, TimeUnit.SECONDS);
        assertThat(firstRun.status()).as(firstRun.err()).isZero();
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.err()).contains("reprocess " + prefix + RunNames.APPLICATION + ": " + scenario.topics.raw()
                + " partitions {0=0, 1=0, 2=0} to {0=0, 1=14, 2=0}, 14 raw records");

        List<String> live = List.of(scenario.topics.dlq(), scenario.topics.reconciled(), scenario.topics.history(), scenario.topics.conflicts());
        for (int i = 0; i < OUTPUTS.size(); i++) {
            assertThat(byKey(scenario.contents(prefix + OUTPUTS.get(i)))).as("%s: every record once", prefix + OUTPUTS.get(i))
                    .isEqualTo(byKey(scenario.contents(live.get(i))));
        }
        assertLeftBehindOnlyItsOffsets(kafka, scenario, prefix, state.resolve("first"));
        assertThat(state.resolve("second").resolve(prefix + RunNames.APPLICATION)).doesNotExist();
    }

    @Test
    void aKeptRunSaysHowToDeleteItsStateAndResumedHasNothingLeftToWrite(KafkaBroker kafka, @TempDir Path state) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String prefix = KafkaBroker.uniqueName("kept") + ".";
        String applicationId = prefix + RunNames.APPLICATION;
        ReviewScenario.Run kept = reprocess(scenario, state, "--prefix", prefix, "--keep-state");
        assertThat(kept.status()).as(kept.err()).isZero();
        assertThat(kept.err()).contains("reprocess: kept (--keep-state): internal topics [" + applicationId + "-",
                "kafka-topics.sh --bootstrap-server " + kafka.bootstrapServers() + " --delete --topic " + applicationId
                        + "-reconcile-incidents-changelog\n",
                "kafka-consumer-groups.sh --bootstrap-server " + kafka.bootstrapServers() + " --delete --group " + applicationId
                        + " --group " + applicationId + "-window\n",
                "rm -r " + state.resolve(applicationId) + "\n");
        assertThat(state.resolve(applicationId)).isDirectory();
        Map<String, List<String>> history = byKey(scenario.contents(prefix + Topics.HISTORY));
        assertThat(history).isEqualTo(byKey(scenario.contents(scenario.topics.history())));

        ReviewScenario.Run resumed = reprocess(scenario, state, "--prefix", prefix, "--resume");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(byKey(scenario.contents(prefix + Topics.HISTORY))).as("nothing written twice").isEqualTo(history);
        assertLeftBehindOnlyItsOffsets(kafka, scenario, prefix, state);
    }

    @Test
    void aWindowReprocessesTheRawRecordsStampedWithinItAndNoOther(KafkaBroker kafka, @TempDir Path state) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        Instant from = scenario.at(3);
        Instant to = scenario.at(9);
        String prefix = KafkaBroker.uniqueName("window") + ".";
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("reprocess", "--prefix", prefix, "--state-dir", state.toString(),
                "--from", TelemetryCodec.formatTimestamp(from), "--to", TelemetryCodec.formatTimestamp(to)));
        assertThat(run.status()).as(run.err()).isZero();

        Set<String> inWindow = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : scenario.contents(scenario.topics.raw())) {
            if (r.timestamp() >= from.toEpochMilli() && r.timestamp() <= to.toEpochMilli()) {
                inWindow.add(r.partition() + "/" + r.offset());
            }
        }
        assertThat(inWindow).hasSize(7);
        assertThat(run.err()).contains("reprocess: 7 of 7 raw records in ");

        // Dead letters depend on the record alone: exactly the live ones of the window's records.
        assertThat(deadLetterSources(scenario.contents(prefix + Topics.DLQ))).isEqualTo(
                deadLetterSources(scenario.contents(scenario.topics.dlq())).stream().filter(inWindow::contains).collect(Collectors.toSet()))
                .isNotEmpty();
        // Versions: each caused by a record of the window, each incident's first a creation (its state starts empty).
        Map<String, List<ReconciledIncident>> versions = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : scenario.contents(prefix + Topics.HISTORY)) {
            ReconciledIncident v = ReconciledIncident.fromJson(r.value());
            versions.computeIfAbsent(v.id(), id -> new ArrayList<>()).add(v);
            SourcePosition source = v.reconciliation().source();
            assertThat(source.topic()).isEqualTo(scenario.topics.raw());
            assertThat(inWindow).contains(source.partition() + "/" + source.offset());
        }
        assertThat(versions).containsOnlyKeys("INC-AAR-1", "INC-AAR-2", "INC-AAR-3");
        versions.values().forEach(list -> assertThat(list.get(0).reconciliation().version()).isEqualTo(1));
        versions.values().forEach(list -> assertThat(list.get(0).reconciliation().diffType()).isEqualTo(DiffType.CREATE));
        assertThat(versions.get("INC-AAR-3")).noneMatch(v -> v.reconciliation().diffType() == DiffType.DELETE); // deleted after --to

        // The window starts after the first edits of two incidents.
        assertThat(run.out()).contains("2 incidents lack their first edits in the window",
                "INC-AAR-1: lacks sffd 1..1, smcfire 1..1 (first held: " + scenario.topics.raw() + "/1/3)",
                "INC-AAR-2: lacks oakfd 1..1 (first held: " + scenario.topics.raw() + "/1/8)").doesNotContain("INC-AAR-3:");
    }

    @Test
    void theIncidentsWhoseFirstEditsExpiredAreListedTheOthersAreTheLiveVersions(KafkaBroker kafka, @TempDir Path state) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String raw = kafka.createTopic(KafkaBroker.uniqueName("expired-raw"), 3);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ConsumerRecord<byte[], byte[]> r : scenario.contents(scenario.topics.raw())) { // same partitions, offsets, times, headers
                producer.send(new ProducerRecord<>(raw, r.partition(), r.timestamp(), r.key(), r.value(), r.headers())).get();
            }
        }
        try (Admin admin = kafka.admin()) { // what retention does: the oldest records of a partition go
            admin.deleteRecords(Map.of(new TopicPartition(raw, 1), RecordsToDelete.beforeOffset(3))).all().get(30, TimeUnit.SECONDS);
        }
        String prefix = KafkaBroker.uniqueName("expired") + ".";
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("reprocess", "--prefix", prefix, "--state-dir", state.toString(),
                "--raw-topic", raw));
        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = run.out().lines().filter(l -> !l.startsWith("wrote ")).toList();
        assertThat(lines).containsExactly(
                "2 incidents lack their first edits in the window (expired from " + raw + ", or before --from): their versions here start "
                        + "from a later state than the live ones",
                "INC-AAR-1: lacks sffd 1..1, smcfire 1..1 (first held: " + raw + "/1/3)",
                "INC-AAR-2: lacks oakfd 1..1 (first held: " + raw + "/1/8)");

        // The incident whose edits are all held: the live versions, but for the raw topic's name they cite.
        Map<String, List<String>> live = byKey(scenario.contents(scenario.topics.history()));
        Map<String, List<String>> rerun = byKey(scenario.contents(prefix + Topics.HISTORY));
        assertThat(rerun.get("INC-AAR-3")).isEqualTo(live.get("INC-AAR-3").stream()
                .map(v -> v.replace("\"topic\":\"" + scenario.topics.raw() + "\"", "\"topic\":\"" + raw + "\"")).toList());
        assertThat(rerun.get("INC-AAR-1")).isNotEqualTo(live.get("INC-AAR-1"));
    }

    @Test
    void anotherJurisdictionsLayerGivesOtherVersionsAndTheLiveTopicsStayAsTheyWere(KafkaBroker kafka, @TempDir Path dir) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        Map<String, Object> before = liveState(kafka, scenario);
        Path layer = Files.writeString(dir.resolve("layer.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{\"id\":\"everywhere\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[-179,-89],[179,-89],[179,89],[-179,89],[-179,-89]]]}}]}");
        Path config = Files.writeString(dir.resolve("processor.properties"), "jurisdictions.layer=" + layer + "\n");
        String prefix = KafkaBroker.uniqueName("layer") + ".";
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("reprocess", "--prefix", prefix, "--state-dir",
                dir.resolve("state").toString(), "--processor-config", config.toString()));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("settings " + config);

        List<ConsumerRecord<byte[], byte[]>> rerun = scenario.contents(prefix + Topics.HISTORY);
        List<List<String>> jurisdictions = rerun.stream().map(r -> ReconciledIncident.fromJson(r.value()).reconciliation().jurisdictions())
                .toList();
        assertThat(jurisdictions).isNotEmpty().allMatch(j -> j.isEmpty() || j.equals(List.of("everywhere")))
                .anyMatch(j -> j.equals(List.of("everywhere")));
        assertThat(byKey(rerun)).isNotEqualTo(byKey(scenario.contents(scenario.topics.history())));
        assertThat(liveState(kafka, scenario)).as("the live topics' offsets and the live processor's committed offsets").isEqualTo(before);
    }

    @Test
    void badInputGetsItsExitStatus(KafkaBroker kafka, @TempDir Path state) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        ReviewScenario.Run empty = reprocess(scenario, state, "--prefix", "");
        assertThat(empty.status()).isEqualTo(8);
        assertThat(empty.err()).startsWith("after-action: --prefix '' would write to the live topics themselves");

        String raw = "re-" + Topics.DLQ; // a raw topic that the prefix would make the run's dead-letter topic
        ReviewScenario.Run collision = reprocess(scenario, state, "--prefix", "re-", "--raw-topic", raw);
        assertThat(collision.status()).isEqualTo(8);
        assertThat(collision.err()).isEqualTo("after-action: --prefix 're-' makes re-" + Topics.DLQ + ", a live topic: choose another prefix\n");

        assertThat(reprocess(scenario, state, "--prefix", "a/b").status()).isEqualTo(2);
        ReviewScenario.Run inverted = reprocess(scenario, state, "--prefix", "bad.", "--from", "-1h", "--to", "-2h");
        assertThat(inverted.status()).isEqualTo(3);
        assertThat(inverted.err()).startsWith("after-action: the window is inverted: --to ");
        ReviewScenario.Run unknown = reprocess(scenario, state, "--prefix", "bad.", "--raw-topic", "no-such-raw");
        assertThat(unknown.status()).isEqualTo(4);
        assertThat(unknown.err()).startsWith("after-action: topic 'no-such-raw' does not exist on " + kafka.bootstrapServers());
        ReviewScenario.Run nothingToResume = reprocess(scenario, state, "--prefix", KafkaBroker.uniqueName("never") + ".", "--resume");
        assertThat(nothingToResume.status()).isEqualTo(8);
        assertThat(nothingToResume.err()).contains("holds no run to resume");
        assertThat(reprocess(scenario, state, "--prefix", "bad.", "--resume", "--from", "-1h").status()).isEqualTo(2);
        assertThat(reprocess(scenario, state, "--prefix", "bad.", "--resume", "--overwrite").status()).isEqualTo(2);
        assertThat(reprocess(scenario, state, "--prefix", "bad.", "--processor-config", "no-such-dir/p.properties").status()).isEqualTo(7);
        // A setting the processor cannot start with: refused, and the prefix is left free for the next try.
        Path layerless = Files.writeString(state.resolve("layerless.properties"), "jurisdictions.layer=" + state.resolve("none.geojson") + "\n");
        String prefix = KafkaBroker.uniqueName("layerless") + ".";
        ReviewScenario.Run noLayer = reprocess(scenario, state, "--prefix", prefix, "--processor-config", layerless.toString());
        assertThat(noLayer.status()).isEqualTo(7);
        assertThat(noLayer.err()).contains("after-action: --processor-config " + layerless + ": cannot read jurisdiction layer");
        try (Admin admin = kafka.admin()) {
            for (String group : List.of(prefix + RunNames.APPLICATION, prefix + RunNames.APPLICATION + "-window")) {
                assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)).isEmpty();
            }
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("nothing created by refused runs")
                    .noneMatch(t -> t.startsWith("bad.") || t.startsWith("re-" + RunNames.APPLICATION));
        }
    }

    /** No internal topic, no window group, no local state; the run's group holds its offsets at the window's ends. */
    private static void assertLeftBehindOnlyItsOffsets(KafkaBroker kafka, ReviewScenario scenario, String prefix, Path state)
            throws Exception {
        String applicationId = prefix + RunNames.APPLICATION;
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("internal topics deleted")
                    .noneMatch(t -> t.startsWith(applicationId)).contains(prefix + Topics.HISTORY);
            assertThat(admin.listConsumerGroupOffsets(applicationId + "-window").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                    .as("window group deleted").isEmpty();
            assertThat(admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .get(new TopicPartition(scenario.topics.raw(), 1)).offset()).as("the run's committed offset").isGreaterThanOrEqualTo(14);
        }
        assertThat(state.resolve(applicationId)).as("local state deleted").doesNotExist();
    }

    private static ReviewScenario.Run reprocess(ReviewScenario scenario, Path state, String... options) {
        List<String> more = new ArrayList<>(List.of(options));
        more.addAll(List.of("--state-dir", state.toString()));
        return ReviewScenario.run(scenario.command("reprocess", more.toArray(String[]::new)));
    }

    /** Per key, in offset order: each record's time, value and headers. */
    private static Map<String, List<String>> byKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StringBuilder headers = new StringBuilder();
            for (Header h : r.headers()) {
                headers.append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8)).append(';');
            }
            byKey.computeIfAbsent(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(r.timestamp() + " " + (r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8))
                            + (headers.isEmpty() ? "" : " " + headers));
        }
        return byKey;
    }

    private static Set<String> deadLetterSources(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        Set<String> sources = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            sources.add(header(r, DlqHeaders.SOURCE_PARTITION) + "/" + header(r, DlqHeaders.SOURCE_OFFSET));
        }
        return sources;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The end offsets of every live topic and the live processor's committed offsets. */
    private static Map<String, Object> liveState(KafkaBroker kafka, ReviewScenario scenario) throws Exception {
        Map<String, Object> state = new LinkedHashMap<>();
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(scenario.topics.raw(), scenario.topics.dlq(), scenario.topics.reconciled(), scenario.topics.history(),
                    scenario.topics.conflicts(), scenario.checkpoints)) {
                for (int p = 0; p < 3; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> state.put(tp.toString(), info.offset()));
            admin.listConsumerGroupOffsets("processor-" + scenario.topics.raw()).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((tp, o) -> state.put("committed " + tp, o.offset()));
        }
        return new TreeMap<>(state);
    }
}
