package io.incidentfeeds.processor.reconcile;

import static io.incidentfeeds.processor.reconcile.ReconcileScenario.edit;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * incidents.history beside incidents.reconciled: the history receives every version the reconciled
 * topic receives, the same record (key, bytes, record time) in the same order, and never the null
 * that tells compaction to forget a deleted incident. Compaction of the reconciled topic keeps each
 * key's last record; the history keeps them all.
 */
class HistoryTest {

    @Test
    void theHistoryHoldsEveryVersionInOrderWhileCompactionKeepsOnlyTheLast() {
        try (ReconcileScenario scenario = new ReconcileScenario(
                Map.of("reconciliation.tombstone.retention", "PT1H", "reconciliation.tombstone.scan-interval", "PT1M"),
                ReconcileScenario.INGEST)) {
            Instant t0 = ReconcileScenario.INGEST;
            scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749), t0);                     // v1 create
            scenario.publish(edit("smcfire", 1, "2026-11-22T10:31:00Z").saw("sffd", 1).severity("moderate"), t0.plusSeconds(10)); // v2
            scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749), t0.plusSeconds(20));     // redelivered: nothing
            scenario.publish(edit("sffd", 2, "2026-11-22T10:33:00Z").severity("critical"), t0.plusSeconds(30));           // v3, concurrent
            scenario.publish(edit("smcfire", 2, "2026-11-22T10:34:00Z").saw("sffd", 1).severity("severe"), t0.plusSeconds(40)); // v4, a conflict
            scenario.publish(edit("sffd", 3, "2026-11-22T10:35:00Z").saw("smcfire", 2).status("contained"), t0.plusSeconds(50)); // v5
            scenario.publish(edit("sffd", 4, "2026-11-22T10:36:00Z").saw("smcfire", 2).delete(), t0.plusSeconds(60));     // v6 delete
            // Another incident's edit moves stream time past the retention: the fire is forgotten (a null
            // on the reconciled topic), then an edit brings it back as version 1.
            scenario.publish(new ReconcileScenario.EditMessage("INC-2026-0101", "sffd", 1, "2026-11-22T11:40:00Z"),
                    t0.plus(Duration.ofMinutes(62)));
            scenario.publish(edit("oakfd", 1, "2026-11-22T11:41:00Z").point(-122.27, 37.80), t0.plus(Duration.ofMinutes(63)));

            List<TestRecord<String, byte[]>> reconciled = scenario.reconciledRecords();
            List<TestRecord<String, byte[]>> history = scenario.historyRecords();

            assertThat(describe(history)).as("the history: the reconciled topic's records but the forgotten incident's null, in order")
                    .containsExactlyElementsOf(describe(reconciled.stream().filter(r -> r.value() != null).toList()));
            assertThat(reconciled).filteredOn(r -> r.value() == null).extracting(TestRecord::key)
                    .as("the reconciled topic's tombstone").containsExactly(ReconcileScenario.INCIDENT);
            assertThat(versions(history, ReconcileScenario.INCIDENT)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 1L);
            assertThat(versions(history, "INC-2026-0101")).containsExactly(1L);

            Map<String, byte[]> compacted = new LinkedHashMap<>(); // what the log cleaner leaves: each key's last record
            reconciled.forEach(r -> compacted.put(r.key(), r.value()));
            assertThat(ReconciledIncident.fromJson(compacted.get(ReconcileScenario.INCIDENT)).reconciliation().version())
                    .as("all the compacted topic can tell of the fire").isEqualTo(1L);
        }
    }

    /** Key, record time and bytes of each record: equal lists are the same records in the same order. */
    private static List<String> describe(List<TestRecord<String, byte[]>> records) {
        List<String> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : records) {
            out.add(r.key() + " @" + r.timestamp() + " " + new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<Long> versions(List<TestRecord<String, byte[]>> records, String incident) {
        return records.stream().filter(r -> r.key().equals(incident))
                .map(r -> ReconciledIncident.fromJson(r.value()).reconciliation().version()).toList();
    }
}
