package io.incidentfeeds.processor.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.test.TestRecord;

/**
 * What reconciliation writes for the throughput benchmark's workload
 * ({@link EditWorkload#throughputBenchmark}, its defaults), measured through the real topology: how
 * many edits emit a version or a conflict record, and the mean sizes of those and of the stored
 * state. The bench's stand-ins for reconciliation ({@code ReconciliationStandIn}) write these
 * sizes. Run with
 * {@code -Dbench.main=io.incidentfeeds.processor.reconcile.WorkloadSizes -Dbench.args="100000"}.
 */
public final class WorkloadSizes {

    public static void main(String[] args) {
        int edits = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        EditWorkload workload = EditWorkload.throughputBenchmark(10_000, 0.2);
        Sizes versions = new Sizes();
        Sizes conflicts = new Sizes();
        try (ReconcileScenario scenario = new ReconcileScenario()) {
            for (int i = 1; i <= edits; i++) {
                EditWorkload.Raw raw = workload.next();
                scenario.pipe(new TestRecord<>(raw.key(), raw.payload(), raw.headers(), Instant.ofEpochMilli(raw.timestamp())));
                if (i % 1_000 == 0 || i == edits) { // drained as it goes: the driver's output queues hold every record
                    versions.add(scenario.reconciledRecords());
                    conflicts.add(scenario.conflictRecords());
                }
            }
            var states = scenario.metrics.registry().get("incidentfeeds.reconcile.state").summary();
            System.out.printf(Locale.ROOT, "%,d edits: versions %.1f%% of edits, %.0f bytes; conflict records %.1f%%, %.0f bytes; "
                            + "states written %,d, %.0f bytes (largest %.0f)%n",
                    edits, 100.0 * versions.count / edits, versions.mean(), 100.0 * conflicts.count / edits, conflicts.mean(),
                    states.count(), states.mean(), states.max());
        }
    }

    /** Count and mean value size of records. */
    private static final class Sizes {
        long count;
        long bytes;

        void add(List<TestRecord<String, byte[]>> records) {
            for (TestRecord<String, byte[]> record : records) {
                if (record.value() != null) { // null: an incident forgotten, not a version
                    count++;
                    bytes += record.value().length;
                }
            }
        }

        double mean() {
            return count == 0 ? 0 : bytes / (double) count;
        }
    }
}
