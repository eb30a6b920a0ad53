package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.Edit;
import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.reconcile.Reconciler;
import io.incidentfeeds.processing.state.DecodedStates;
import io.incidentfeeds.processing.state.IncidentStateSerde;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Streams side of reconciliation: reads the incident's state from the store, applies the edit
 * with {@link Reconciler}, writes the state back and forwards what changed. The store's changelog,
 * the output and the input offsets commit in one transaction (exactly-once v2), so a crash replays
 * the uncommitted edits against the state as it was committed: no version is emitted twice or lost.
 *
 * <p>States are read through {@link DecodedStates}: emptied in {@link #init}, which Kafka Streams calls
 * again whenever the store may have been restored or wiped (a revived task, a new assignment), and
 * on any edit that fails half-way, so it never holds what the store does not.
 *
 * <p>Deleted incidents are indexed by the record time of their deletion in a second store; a
 * stream-time punctuation forgets those past the retention (state removed, a null written to
 * incidents.reconciled). Stream time, not wall-clock time, so a replay forgets at the same points.
 *
 * <p>With checkpoints on, a {@link Checkpointer} keeps each incident's last version and, as stream time
 * enters a new interval, writes the whole store to incidents.checkpoints in the same transaction.
 */
final class ReconcileProcessor implements Processor<String, NormalizedEdit, String, ReconcileOutput> {

    private final Reconciler reconciler = new Reconciler();
    private final DecodedStates decoded;
    private final ReconcileSettings settings;
    private final ReconcileMetrics metrics;
    private final Checkpointer checkpointer; // null: checkpoints off
    private ProcessorContext<String, ReconcileOutput> context;
    private KeyValueStore<String, byte[]> incidents;
    private KeyValueStore<String, String> tombstones;

    ReconcileProcessor(ReconcileSettings settings, ReconcileMetrics metrics, Checkpointer checkpointer) {
        this.settings = settings;
        this.metrics = metrics;
        this.checkpointer = checkpointer;
        this.decoded = new DecodedStates(settings.cachedStates());
    }

    @Override
    public void init(ProcessorContext<String, ReconcileOutput> context) {
        this.context = context;
        this.decoded.clear();
        this.incidents = context.getStateStore(ReconcileStep.STORE);
        this.tombstones = context.getStateStore(ReconcileStep.TOMBSTONES);
        context.schedule(settings.scanInterval(), PunctuationType.STREAM_TIME, this::forgetExpired);
        if (checkpointer != null) {
            checkpointer.init(context, incidents);
        }
    }

    @Override
    public void process(Record<String, NormalizedEdit> record) {
        long started = System.nanoTime(); // for the latency meter only, never in the output
        String incident = record.key();
        if (checkpointer != null) {
            checkpointer.ready(); // before the store changes: whether the task is new
        }
        IncidentState state = read(incident);
        try {
            apply(record, state);
        } catch (RuntimeException e) {
            decoded.forget(incident); // it may be half-applied, and the store was not written
            throw e;
        }
        metrics.latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (checkpointer != null) {
            checkpointer.applied(record.value().source(), Math.max(context.currentStreamTimeMs(), record.timestamp()));
        }
    }

    private IncidentState read(String incident) {
        IncidentState state = decoded.get(incident);
        if (state == null) {
            byte[] stored = incidents.get(incident);
            state = stored == null ? new IncidentState() : IncidentStateSerde.fromBytes(stored);
            decoded.put(incident, state);
        }
        return state;
    }

    private void apply(Record<String, NormalizedEdit> record, IncidentState state) {
        String incident = record.key();
        Reconciler.Applied applied = reconciler.apply(state, Edit.of(record.value()));
        count(applied);
        if (applied.kind() == Reconciler.Kind.DUPLICATE) {
            return; // nothing changed, not even the state
        }
        indexDeletion(incident, state, applied.diffType(), record.timestamp());
        byte[] bytes = IncidentStateSerde.toBytes(state);
        metrics.stateBytes.record(bytes.length);
        incidents.put(incident, bytes);
        // Outputs keep the edit's record time and drop its mqtt.* headers: a replay writes the same records.
        Record<String, ReconcileOutput> out = record.withValue((ReconcileOutput) null).withHeaders(new RecordHeaders());
        if (applied.reconciled() != null) {
            if (checkpointer != null) {
                checkpointer.versionEmitted(incident, applied.reconciled());
            }
            context.forward(out.withValue(new ReconcileOutput.Reconciled(applied.reconciled())));
        }
        for (byte[] conflict : applied.conflicts()) {
            context.forward(out.withValue(new ReconcileOutput.Conflict(conflict)));
        }
    }

    @Override
    public void close() {
        decoded.clear();
    }

    private void count(Reconciler.Applied applied) {
        switch (applied.kind()) {
            case DUPLICATE -> metrics.duplicates.increment();
            case UNCHANGED -> metrics.unchanged.increment();
            case CHANGED -> metrics.emitted.get(applied.diffType()).increment();
        }
        metrics.conflicts.increment(applied.conflicts().size());
        metrics.pendingJudged.increment(applied.judgedWithoutPast());
        metrics.gapsGivenUp.increment(applied.gapGivenUp() ? 1 : 0);
        metrics.propertiesLeftOut.increment(applied.propertiesLeftOut());
    }

    /** Keeps the index of deleted incidents in step with what was emitted. */
    private void indexDeletion(String incident, IncidentState state, DiffType emitted, long recordTime) {
        if (emitted == DiffType.DELETE && state.deletedSince() < 0) {
            state.deletedSince(recordTime);
            tombstones.put(indexKey(recordTime, incident), incident);
        } else if (emitted == DiffType.CREATE && state.deletedSince() >= 0) {
            tombstones.delete(indexKey(state.deletedSince(), incident));
            state.deletedSince(-1);
        }
    }

    private void forgetExpired(long streamTime) {
        if (checkpointer != null) {
            checkpointer.ready(); // before the store changes: whether the task is new
        }
        long cutoff = streamTime - settings.tombstoneRetention().toMillis();
        List<KeyValue<String, String>> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> it = tombstones.all()) { // in key order: oldest deletion first
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                if (deletedAt(entry.key) > cutoff) {
                    break;
                }
                expired.add(entry);
            }
        }
        for (KeyValue<String, String> entry : expired) {
            tombstones.delete(entry.key);
            byte[] stored = incidents.get(entry.value);
            IncidentState state = stored == null ? null : IncidentStateSerde.fromBytes(stored);
            if (state != null && state.deletedSince() == deletedAt(entry.key)) {
                decoded.forget(entry.value);
                incidents.delete(entry.value);
                if (checkpointer != null) {
                    checkpointer.forgotten(entry.value, state.maxEditTimestamp());
                }
                metrics.forgotten.increment();
                context.forward(new Record<>(entry.value, (ReconcileOutput) new ReconcileOutput.Forgotten(), streamTime));
            }
        }
    }

    /** Zero-padded record time, then the incident: the store's byte order is then deletion-time order. */
    static String indexKey(long recordTime, String incident) {
        return String.format(Locale.ROOT, "%020d/%s", recordTime, incident);
    }

    private static long deletedAt(String indexKey) {
        return Long.parseLong(indexKey.substring(0, 20));
    }
}
