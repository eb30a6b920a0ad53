package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.state.IncidentStateSerde;
import io.incidentfeeds.schemas.checkpoint.CheckpointRecord;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints in the reconcile task's output: one each time stream time enters a new interval, right
 * after the edit that took it there, holding every incident's state and last version, cut into chunks
 * and closed by an end record that counts them and names the raw offset reached.
 */
class CheckpointTest {

    private static final int INCIDENTS = 12;
    private static final int EDITS = 60;

    @Test
    void eachIntervalBeginsWithTheWholePictureAsItStoodThen() {
        try (ReconcileScenario scenario = new ReconcileScenario(Map.of("checkpoint.interval", "PT1M", "checkpoint.chunk-bytes", "1024"),
                ReconcileScenario.INGEST)) {
            Instant t0 = ReconcileScenario.INGEST; // 10:40:00, the start of an interval
            List<Instant> ingested = new ArrayList<>();
            for (int i = 0; i < EDITS; i++) {
                Instant at = t0.plusSeconds(7L * i);
                int agencySeq = i / INCIDENTS + 1;
                scenario.publish(new ReconcileScenario.EditMessage("INC-CP-" + (i % INCIDENTS), "sffd", agencySeq, at.toString())
                        .point(-122.4 + i * 0.001, 37.7), at);
                ingested.add(at);
            }
            List<TestRecord<String, byte[]>> history = scenario.historyRecords();
            Map<Long, List<TestRecord<String, byte[]>>> byInstant = new TreeMap<>();
            for (TestRecord<String, byte[]> r : scenario.checkpointRecords()) {
                CheckpointRecord.Key key = CheckpointRecord.parseKey(r.key());
                assertThat(key).as("key %s", r.key()).isNotNull();
                assertThat(r.timestamp()).as("stamped with its instant").isEqualTo(key.streamTimeMs());
                byInstant.computeIfAbsent(key.streamTimeMs(), k -> new ArrayList<>()).add(r);
            }
            // Stream time enters minutes 10:41 .. 10:46 (the last edit is at 10:46:53): six checkpoints, at the first edit of each.
            List<Long> expectedInstants = new ArrayList<>();
            for (int i = 1; i < EDITS; i++) {
                if (ingested.get(i).getEpochSecond() / 60 > ingested.get(i - 1).getEpochSecond() / 60) {
                    expectedInstants.add(ingested.get(i).toEpochMilli());
                }
            }
            assertThat(byInstant.keySet()).containsExactlyElementsOf(expectedInstants);

            for (var e : byInstant.entrySet()) {
                List<TestRecord<String, byte[]>> records = e.getValue();
                var end = (CheckpointRecord.End) CheckpointRecord.fromJson(records.get(records.size() - 1).value());
                assertThat(CheckpointRecord.parseKey(records.get(records.size() - 1).key()).isEnd()).isTrue();
                assertThat(records).as("chunks then the end record").hasSize(end.chunks() + 1);
                assertThat(end.chunks()).as("1 KiB chunks: several").isGreaterThan(1);
                Map<String, CheckpointRecord.Entry> entries = new LinkedHashMap<>();
                for (int i = 0; i < end.chunks(); i++) {
                    var chunk = (CheckpointRecord.Chunk) CheckpointRecord.fromJson(records.get(i).value());
                    assertThat(chunk.index()).isEqualTo(i);
                    chunk.incidents().forEach(entry -> entries.put(entry.incidentId(), entry));
                }
                int edit = ingested.indexOf(Instant.ofEpochMilli(e.getKey()));
                assertThat(end.rawOffsets()).as("the raw offset of the edit that began the interval").containsExactly(edit);
                Map<String, byte[]> lastVersions = new TreeMap<>();
                history.stream().filter(r -> r.timestamp() <= e.getKey()).forEach(r -> lastVersions.put(r.key(), r.value()));
                assertThat(entries.keySet()).as("every incident edited by then").containsExactlyInAnyOrderElementsOf(lastVersions.keySet());
                assertThat(end.incidents()).isEqualTo(entries.size());
                entries.forEach((id, entry) -> {
                    assertThat(entry.version()).as("%s's last version by %s", id, e.getKey()).isEqualTo(lastVersions.get(id));
                    assertThat(IncidentStateSerde.fromBytes(entry.state()).version())
                            .isEqualTo(ReconciledIncident.fromJson(entry.version()).reconciliation().version());
                });
            }
            // The incidents not edited after the last checkpoint have, in it, the state the store holds now.
            var lastRecords = byInstant.get(expectedInstants.get(expectedInstants.size() - 1));
            var store = scenario.store(ReconcileStep.STORE);
            int compared = 0;
            for (var r : lastRecords.subList(0, lastRecords.size() - 1)) {
                for (var entry : ((CheckpointRecord.Chunk) CheckpointRecord.fromJson(r.value())).incidents()) {
                    int lastEdit = lastEditOf(entry.incidentId());
                    if (ingested.get(lastEdit).toEpochMilli() <= expectedInstants.get(expectedInstants.size() - 1)) {
                        assertThat(Arrays.equals(entry.state(), store.get(entry.incidentId()))).as("state of %s", entry.incidentId()).isTrue();
                        compared++;
                    }
                }
            }
            assertThat(compared).isPositive();
        }
    }

    @Test
    void offWritesNoCheckpointAndKeepsNoVersions() {
        try (ReconcileScenario scenario = new ReconcileScenario(Map.of("checkpoint.interval", "off"), ReconcileScenario.INGEST)) {
            for (int i = 0; i < 10; i++) {
                Instant at = ReconcileScenario.INGEST.plusSeconds(60L * i);
                scenario.publish(new ReconcileScenario.EditMessage("INC-CP-" + i, "sffd", 1, at.toString()).point(-122.4, 37.7), at);
            }
            assertThat(scenario.historyRecords()).hasSize(10);
            assertThat(scenario.checkpointRecords()).isEmpty();
            assertThat(scenario.store(ReconcileStep.VERSIONS)).isNull();
        }
    }

    /**
     * Each end record's max_edit_timestamp is the largest own timestamp among every edit the task had applied:
     * one stamped ahead of its arrival (within the skew validation allows), one that changed nothing consumers
     * see, and one of an incident deleted and forgotten since count; a redelivered dot (a duplicate, not
     * applied) and a late edit do not raise it.
     */
    @Test
    void theEndRecordSaysTheLargestTimestampOfEveryEditAppliedForgottenIncidentsIncluded() {
        Map<String, String> settings = Map.of("checkpoint.interval", "PT1M", "reconciliation.tombstone.retention", "PT2M",
                "reconciliation.tombstone.scan-interval", "PT10S");
        try (ReconcileScenario scenario = new ReconcileScenario(settings, ReconcileScenario.INGEST)) {
            Instant t0 = ReconcileScenario.INGEST; // 10:40:00
            publish(scenario, edit("INC-A", 1, "10:44:00"), t0);
            publish(scenario, edit("INC-B", 1, "09:40:00"), t0.plusSeconds(10));   // late: an hour old
            publish(scenario, edit("INC-C", 1, "10:44:59"), t0.plusSeconds(20));   // the largest, 4m39s ahead
            publish(scenario, edit("INC-C", 2, "10:40:30").delete(), t0.plusSeconds(30));
            publish(scenario, edit("INC-A", 1, "10:45:50"), t0.plusSeconds(60));   // INC-A's dot 1 again: a duplicate
            publish(scenario, edit("INC-A", 2, "10:44:40"), t0.plusSeconds(70));   // changes nothing consumers see
            publish(scenario, edit("INC-B", 2, "10:43:00"), t0.plusSeconds(180));  // INC-C is forgotten after it
            publish(scenario, edit("INC-B", 3, "10:44:00"), t0.plusSeconds(240));
            publish(scenario, edit("INC-A", 3, "10:49:30"), t0.plusSeconds(300));  // changes nothing, 4m30s ahead
            publish(scenario, edit("INC-B", 4, "10:46:00"), t0.plusSeconds(360));

            Map<Instant, CheckpointRecord.End> ends = new TreeMap<>();
            Map<Instant, List<String>> incidents = new TreeMap<>();
            for (TestRecord<String, byte[]> r : scenario.checkpointRecords()) {
                CheckpointRecord record = CheckpointRecord.fromJson(r.value());
                if (record instanceof CheckpointRecord.End end) {
                    ends.put(end.streamTime(), end);
                } else {
                    ((CheckpointRecord.Chunk) record).incidents().forEach(e -> incidents.computeIfAbsent(record.streamTime(), k -> new ArrayList<>())
                            .add(e.incidentId()));
                }
            }
            assertThat(ends.keySet()).containsExactly(t0.plusSeconds(60), t0.plusSeconds(180), t0.plusSeconds(240), t0.plusSeconds(300),
                    t0.plusSeconds(360));
            assertThat(incidents.get(t0.plusSeconds(180))).as("before INC-C is forgotten").contains("INC-C");
            assertThat(incidents.get(t0.plusSeconds(240))).as("after").containsExactly("INC-A", "INC-B");
            assertThat(ends.values()).extracting(CheckpointRecord.End::maxEditTimestamp).containsExactly(
                    at("10:44:59"), at("10:44:59"), at("10:44:59"), at("10:49:30"), at("10:49:30")); // each after the edit that began its interval
            assertThat(scenario.historyRecords()).as("INC-A's second and third edits made no version")
                    .noneMatch(r -> r.key().equals("INC-A") && r.timestamp() >= t0.plusSeconds(70).toEpochMilli());
            assertThat(IncidentStateSerde.maxEditTimestamp(scenario.store(ReconcileStep.STORE).get("INC-A"))).isEqualTo(at("10:49:30"));
            assertThat(scenario.duplicates()).isEqualTo(1.0);
        }
    }

    /**
     * Checkpoints turned on over a store that already holds incidents: incidents forgotten before may have
     * held edits nobody counted, so the end records never claim a largest edit timestamp.
     */
    @Test
    void overAStoreKeptWithoutCheckpointsTheLargestEditTimestampIsUnknown() {
        try (ReconcileScenario scenario = new ReconcileScenario(Map.of("checkpoint.interval", "PT1M"), ReconcileScenario.INGEST)) {
            scenario.store(ReconcileStep.STORE).put("INC-EARLIER", IncidentStateSerde.toBytes(new IncidentState()));
            assertThat(threeEditsAMinuteApart(scenario)).hasSize(2).allSatisfy(end -> assertThat(end.maxEditTimestamp()).isNull());
        }
    }

    /** On a new store the same edits give the end records a largest edit timestamp. */
    @Test
    void onANewStoreTheLargestEditTimestampIsKnownFromTheFirstCheckpoint() {
        try (ReconcileScenario scenario = new ReconcileScenario(Map.of("checkpoint.interval", "PT1M"), ReconcileScenario.INGEST)) {
            assertThat(threeEditsAMinuteApart(scenario)).extracting(CheckpointRecord.End::maxEditTimestamp)
                    .containsExactly(at("10:41:00"), at("10:42:00"));
        }
    }

    /** Edits of INC-A stamped when they arrive, at 10:40, 10:41 and 10:42; the end records of the checkpoints they began. */
    private static List<CheckpointRecord.End> threeEditsAMinuteApart(ReconcileScenario scenario) {
        for (int i = 0; i < 3; i++) {
            publish(scenario, edit("INC-A", i + 1, "10:4" + i + ":00"), ReconcileScenario.INGEST.plusSeconds(60L * i));
        }
        return scenario.checkpointRecords().stream().map(r -> CheckpointRecord.fromJson(r.value()))
                .filter(CheckpointRecord.End.class::isInstance).map(CheckpointRecord.End.class::cast).toList();
    }

    private static ReconcileScenario.EditMessage edit(String incident, long seq, String time) {
        return new ReconcileScenario.EditMessage(incident, "sffd", seq, at(time).toString()).point(-122.4, 37.7);
    }

    private static void publish(ReconcileScenario scenario, ReconcileScenario.EditMessage edit, Instant at) {
        scenario.publish(edit, at);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-22T" + time + "Z");
    }

    private static int lastEditOf(String incident) {
        int n = Integer.parseInt(incident.substring("INC-CP-".length()));
        int last = n;
        while (last + INCIDENTS < EDITS) {
            last += INCIDENTS;
        }
        return last;
    }
}
