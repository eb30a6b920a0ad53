package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.schemas.reconciled.DiffType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reconciliation's meters, on the processor's registry (Prometheus names):
 * <ul>
 *   <li>{@code incidentfeeds_reconcile_duplicates_total}: edits whose dot was already applied (MQTT
 *       redeliveries, replays); nothing changed;
 *   <li>{@code incidentfeeds_reconcile_unchanged_total}: applied edits that changed nothing consumers
 *       see (stale, or repeating known values);
 *   <li>{@code incidentfeeds_reconcile_emitted_total{diff_type}}: versions written to incidents.reconciled;
 *   <li>{@code incidentfeeds_reconcile_conflicts_total}: records written to incidents.conflicts;
 *   <li>{@code incidentfeeds_reconcile_forgotten_total}: deleted incidents forgotten after the retention;
 *   <li>{@code incidentfeeds_reconcile_bound_reached_total{bound}}: a per-incident bound was reached
 *       and the result may differ from the specification's ({@code pending} edits judged without
 *       their whole past, a {@code gap} of missing dots given up, {@code properties} left out of a
 *       record beyond the contract's 64);
 *   <li>{@code incidentfeeds_reconcile_state_bytes}: size of the state written per edit;
 *   <li>{@code incidentfeeds_reconcile_latency_seconds}: time per edit (store read, reconcile, write);
 *   <li>{@code incidentfeeds_reconcile_checkpoints_total}, {@code incidentfeeds_reconcile_checkpoint_bytes}: checkpoints
 *       written and their size; {@code incidentfeeds_reconcile_checkpoints_skipped_total}: not written, an incident too
 *       large for a record.
 * </ul>
 * Counted as records are processed, like the processor's other counters (a retried task counts again).
 */
final class ReconcileMetrics {

    final Counter duplicates;
    final Counter unchanged;
    final Map<DiffType, Counter> emitted = new EnumMap<>(DiffType.class);
    final Counter conflicts;
    final Counter forgotten;
    final Counter pendingJudged;
    final Counter gapsGivenUp;
    final Counter propertiesLeftOut;
    final DistributionSummary stateBytes;
    final Timer latency;
    final Counter checkpoints;
    final Counter checkpointsSkipped;
    final DistributionSummary checkpointBytes;

    ReconcileMetrics(MeterRegistry registry) {
        duplicates = Counter.builder("incidentfeeds.reconcile.duplicates").description("edits already applied").register(registry);
        unchanged = Counter.builder("incidentfeeds.reconcile.unchanged").description("applied edits that changed nothing visible")
                .register(registry);
        for (DiffType d : DiffType.values()) {
            emitted.put(d, Counter.builder("incidentfeeds.reconcile.emitted").tag("diff_type", d.wire())
                    .description("versions written to the reconciled topic").register(registry));
        }
        conflicts = Counter.builder("incidentfeeds.reconcile.conflicts").description("conflict records written").register(registry);
        forgotten = Counter.builder("incidentfeeds.reconcile.forgotten").description("deleted incidents forgotten").register(registry);
        pendingJudged = bound(registry, "pending");
        gapsGivenUp = bound(registry, "gap");
        propertiesLeftOut = bound(registry, "properties");
        stateBytes = DistributionSummary.builder("incidentfeeds.reconcile.state").baseUnit("bytes")
                .description("size of an incident's state").register(registry);
        latency = Timer.builder("incidentfeeds.reconcile.latency").description("reconcile time per edit, store included")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
        checkpoints = Counter.builder("incidentfeeds.reconcile.checkpoints").description("checkpoints written").register(registry);
        checkpointsSkipped = Counter.builder("incidentfeeds.reconcile.checkpoints.skipped")
                .description("checkpoints not written: an incident too large for a record").register(registry);
        checkpointBytes = DistributionSummary.builder("incidentfeeds.reconcile.checkpoint").baseUnit("bytes")
                .description("size of a checkpoint's chunks").register(registry);
    }

    private static Counter bound(MeterRegistry registry, String bound) {
        return Counter.builder("incidentfeeds.reconcile.bound.reached").tag("bound", bound)
                .description("a per-incident bound was reached").register(registry);
    }
}
