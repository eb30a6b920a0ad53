package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static int lastEditOf(String incident) {
        int n = Integer.parseInt(incident.substring("INC-CP-".length()));
        int last = n;
        while (last + INCIDENTS < EDITS) {
            last += INCIDENTS;
        }
        return last;
    }
}
