package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.schemas.json.ContractJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * What replays and redeliveries do to the output, over a busy stretch of incidents.raw (40
 * incidents, three agencies, a third of the edits concurrent): the same records give the same
 * bytes on every run, and delivering each record twice changes nothing but the duplicate counter.
 */
class ReplayTest {

    private static final int RECORDS = 600;
    private static final List<EditWorkload.Raw> RAW = workload();

    private static List<EditWorkload.Raw> workload() {
        EditWorkload workload = new EditWorkload(20261122L, "INC-REPLAY", 40, 0.33, Instant.parse("2026-11-22T08:00:00Z"),
                Duration.ofSeconds(2));
        List<EditWorkload.Raw> raw = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            raw.add(workload.next());
        }
        return raw;
    }

    /** What a run wrote: every reconciled and conflict record, key and value, in order. */
    private record Output(List<String> reconciled, List<String> conflicts) {
    }

    @Test
    void runningTwiceOverTheSameRawRecordsWritesTheSameBytes() {
        Output first = run(Instant.parse("2026-11-22T10:40:00Z"));
        Output second = run(Instant.parse("2029-08-18T03:12:00Z")); // another day: nothing reads the wall clock

        assertThat(second).isEqualTo(first);
        assertThat(first.reconciled()).as("a busy stretch").hasSizeGreaterThan(RECORDS / 2);
        assertThat(first.conflicts()).as("with conflicts").isNotEmpty();
        assertThat(first.reconciled()).as("and deletes").anyMatch(r -> r.contains("\"diff_type\":\"delete\""));
    }

    @Test
    void everyRecordDeliveredTwiceInARowChangesNothingButTheDuplicateCounter() {
        Output once = run(ReconcileScenario.INGEST);
        try (ReconcileScenario twice = new ReconcileScenario()) {
            for (EditWorkload.Raw raw : RAW) {
                twice.pipe(record(raw));
                twice.pipe(record(raw));
            }
            Output output = output(twice);
            // The first copy of raw record i sits at offset 2i: the only difference is where the edit was read.
            assertThat(output.reconciled()).containsExactlyElementsOf(once.reconciled().stream().map(ReplayTest::doubledOffset).toList());
            assertThat(output.conflicts()).containsExactlyElementsOf(once.conflicts());
            assertThat(twice.duplicates()).isEqualTo(RECORDS);
        }
    }

    @Test
    void replayingTheWholeTopicAfterwardsWritesNothing() {
        try (ReconcileScenario scenario = new ReconcileScenario()) {
            RAW.forEach(raw -> scenario.pipe(record(raw)));
            assertThat(output(scenario).reconciled()).isNotEmpty();

            RAW.forEach(raw -> scenario.pipe(record(raw)));

            assertThat(output(scenario)).isEqualTo(new Output(List.of(), List.of()));
            assertThat(scenario.duplicates()).isEqualTo(RECORDS);
        }
    }

    @Test
    void editsReadInTheirIncidentsPartitionAndEditsMovedThereComeOutTheSame() {
        // With one raw partition every edit is where its incident is reconciled; with eight, the
        // driver's partition 0 holds only the incidents that hash to it, and the rest take the hop.
        int rawPartitions = 8;
        java.util.function.Predicate<String> hashesElsewhere =
                id -> BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), rawPartitions) != 0;
        long moved = RAW.stream().map(EditWorkload.Raw::incident).distinct().filter(hashesElsewhere).count();
        assertThat(moved).as("incidents that take the hop").isBetween(1L, 39L);

        try (ReconcileScenario eight = new ReconcileScenario(Map.of(), ReconcileScenario.INGEST, rawPartitions)) {
            RAW.forEach(raw -> eight.pipe(record(raw)));
            assertThat(output(eight)).isEqualTo(run(ReconcileScenario.INGEST, 1));
            assertThat(eight.counter("incidentfeeds.edits.repartitioned")).as("edits that took the hop, counted")
                    .isEqualTo((double) RAW.stream().filter(raw -> hashesElsewhere.test(raw.incident())).count());
        }
    }

    private static Output run(Instant wallClock) {
        return run(wallClock, 1);
    }

    private static Output run(Instant wallClock, int rawPartitions) {
        try (ReconcileScenario scenario = new ReconcileScenario(Map.of(), wallClock, rawPartitions)) {
            RAW.forEach(raw -> scenario.pipe(record(raw)));
            return output(scenario);
        }
    }

    private static Output output(ReconcileScenario scenario) {
        return new Output(scenario.reconciledRecords().stream().map(ReplayTest::text).toList(),
                scenario.conflictRecords().stream().map(ReplayTest::text).toList());
    }

    private static TestRecord<byte[], byte[]> record(EditWorkload.Raw raw) {
        return new TestRecord<>(raw.key(), raw.payload(), raw.headers(),
                Instant.ofEpochMilli(raw.timestamp()));
    }

    private static String text(TestRecord<String, byte[]> record) {
        return record.key() + " " + (record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8));
    }

    private static String doubledOffset(String keyAndJson) {
        int space = keyAndJson.indexOf(' ');
        ObjectNode json = (ObjectNode) ContractJson.mapper().readTree(keyAndJson.substring(space + 1));
        ObjectNode source = (ObjectNode) json.get("reconciliation").get("source");
        source.put("offset", source.get("offset").asLong() * 2);
        return keyAndJson.substring(0, space + 1) + ContractJson.mapper().writeValueAsString(json);
    }
}
