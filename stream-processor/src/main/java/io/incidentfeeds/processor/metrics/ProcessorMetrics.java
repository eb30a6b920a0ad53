package io.incidentfeeds.processor.metrics;

import io.incidentfeeds.processing.geometry.NormalizationChange;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The processor's own meters (Micrometer; Prometheus names in brackets):
 * <ul>
 *   <li>{@code incidentfeeds.records.in} [incidentfeeds_records_in_total]: raw records read;
 *   <li>{@code incidentfeeds.records.out} [incidentfeeds_records_out_total]: normalized edits passed on;
 *   <li>{@code incidentfeeds.records.dead.lettered{reason}}: per DLQ reason;
 *   <li>{@code incidentfeeds.normalization.changes{change}}: per kind of change;
 *   <li>{@code incidentfeeds.process.latency} [incidentfeeds_process_latency_seconds_bucket, _count,
 *       _sum, _max]: validate + normalize time per record, as a histogram.
 * </ul>
 * Counted as records are processed: under exactly-once a task that is retried after a crash counts
 * its uncommitted records again, so these are operational figures, not the ledger (the topics are).
 */
public final class ProcessorMetrics {

    /** Key under which the instance travels in the Streams config, to reach the exception handlers. */
    public static final String CONFIG_KEY = "incidentfeeds.metrics";

    private final MeterRegistry registry;
    private final Counter in;
    private final Counter out;
    private final Counter movedToTheirIncident;
    private final Map<DlqReason, Counter> deadLettered = new EnumMap<>(DlqReason.class);
    private final Map<NormalizationChange, Counter> changes = new EnumMap<>(NormalizationChange.class);
    private final Timer latency;

    public ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
        in = Counter.builder("incidentfeeds.records.in").description("raw records read").register(registry);
        out = Counter.builder("incidentfeeds.records.out").description("normalized edits passed on").register(registry);
        // Should stay near zero: raw records keyed by incident are read where they are reconciled.
        movedToTheirIncident = Counter.builder("incidentfeeds.edits.repartitioned")
                .description("edits not read in their incident's raw partition, moved there through the repartition topic")
                .register(registry);
        for (DlqReason r : DlqReason.values()) {
            deadLettered.put(r, Counter.builder("incidentfeeds.records.dead.lettered").tag("reason", r.name())
                    .description("records sent to the dead-letter topic").register(registry));
        }
        for (NormalizationChange c : NormalizationChange.values()) {
            changes.put(c, Counter.builder("incidentfeeds.normalization.changes").tag("change", c.name())
                    .description("edits whose geometry normalization changed").register(registry));
        }
        // Buckets for Prometheus (quantiles computed at query time) rather than client-side percentiles,
        // which cost more per record and cannot be aggregated across instances.
        latency = Timer.builder("incidentfeeds.process.latency").description("validate + normalize time per record")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
    }

    /** Meters on a private registry (tests, tools). */
    public static ProcessorMetrics standalone() {
        return new ProcessorMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void recordIn() {
        in.increment();
    }

    public void recordOut() {
        out.increment();
    }

    public void repartitioned() {
        movedToTheirIncident.increment();
    }

    public double repartitionedCount() {
        return movedToTheirIncident.count();
    }

    public void deadLettered(DlqReason reason) {
        deadLettered.get(reason).increment();
    }

    public void normalized(Iterable<NormalizationChange> made) {
        made.forEach(c -> changes.get(c).increment());
    }

    public void processed(Duration took) {
        latency.record(took);
    }

    public double deadLetteredCount(DlqReason reason) {
        return deadLettered.get(reason).count();
    }

    public double inCount() {
        return in.count();
    }

    public double outCount() {
        return out.count();
    }

    public double changeCount(NormalizationChange change) {
        return changes.get(change).count();
    }
}
