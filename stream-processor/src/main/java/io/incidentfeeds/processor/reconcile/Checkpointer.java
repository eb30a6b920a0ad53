package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.state.IncidentStateSerde;
import io.incidentfeeds.schemas.checkpoint.CheckpointRecord;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reconcile task's checkpoints (schemas section 8): when the task's stream time enters a new
 * {@code checkpoint.interval}, right after the edit that took it there, every incident of the store
 * (state bytes and last version) in chunks, then the end record with the raw offsets the task had
 * applied, forwarded into the task's transaction.
 *
 * <p>Why a store of last versions: the version cannot be rendered again from the state. An edit that
 * changes nothing consumers see still merges its clock and adds its agency, so the state's clock and
 * agencies run ahead of the last version's; and the version's {@code event_time} and {@code source} are
 * those of the edit that caused it, which the state does not keep. So every emitted version is put in
 * {@code reconcile-versions} (a RocksDB store with its changelog), which also keeps, under
 * {@link #MARKER}, the interval last checkpointed and the raw offsets then: after a restart the offsets
 * start from those (lower than the truth, never higher: an edit read again is a duplicate).
 *
 * <p>The end record's {@code max_edit_timestamp} is not a running value (one kept in memory would be that of
 * the last checkpoint after a restart: too low, the unsafe side). It is computed at each checkpoint from what
 * the stores hold, in the pass over the incidents: each state's largest edit timestamp
 * ({@link IncidentState#maxEditTimestamp}), and under {@link #FORGOTTEN} the largest of the incidents
 * forgotten, written when one is, in the edit's transaction. Unknown (a state stored by an older format, or a
 * task whose earlier forgotten incidents nobody counted) stays unknown, and the end record then has none.
 */
final class Checkpointer {

    /** The versions store's entry of the checkpointer itself (not an incident id: those never hold a NUL). */
    static final String MARKER = "\u0000checkpoint";
    /** The versions store's entry of the largest edit timestamp among the incidents forgotten (ISO-8601; absent: see {@link #ready}). */
    static final String FORGOTTEN = "\u0000forgotten-max-edit-timestamp";
    /** The largest incident entry a chunk may hold: below Kafka's default 1 MiB request, with room for the envelope. */
    static final int MAX_ENTRY_BYTES = 900 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final CheckpointSettings settings;
    private final ReconcileMetrics metrics;
    private ProcessorContext<String, ReconcileOutput> context;
    private KeyValueStore<String, byte[]> incidents;
    private KeyValueStore<String, byte[]> versions;
    private int task;
    private boolean loaded;
    private long interval;
    private Instant forgottenMax;
    private final TreeMap<Integer, Long> rawOffsets = new TreeMap<>();

    Checkpointer(CheckpointSettings settings, ReconcileMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    void init(ProcessorContext<String, ReconcileOutput> context, KeyValueStore<String, byte[]> incidents) {
        this.context = context;
        this.incidents = incidents;
        this.versions = context.getStateStore(ReconcileStep.VERSIONS);
        this.task = context.taskId().partition();
        this.loaded = false; // the marker is read at the first edit, from the store as restored
    }

    void versionEmitted(String incident, byte[] version) {
        versions.put(incident, version);
    }

    /** {@code maxEditTimestamp}: the forgotten incident's, which the task's still counts. */
    void forgotten(String incident, Instant maxEditTimestamp) {
        versions.delete(incident);
        ready();
        if (maxEditTimestamp.isAfter(forgottenMax)) {
            forgottenMax = maxEditTimestamp;
            versions.put(FORGOTTEN, forgottenMax.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Before an edit is applied or an incident forgotten: the marker and the forgotten maximum read from the
     * store as restored, once after every {@link #init}. With neither and no incident stored, the task is new:
     * nothing forgotten, said in the store at once. With no forgotten maximum but incidents (checkpoints
     * turned on over an existing store) or a marker (a store kept by an earlier version), incidents may have
     * been forgotten whose edits nobody counted: unknown, for good.
     */
    void ready() {
        if (!loaded) {
            load();
        }
    }

    /** After an edit from {@code source} was applied (or found applied already): a checkpoint when an interval begins. */
    void applied(SourcePosition source, long streamTime) {
        ready();
        rawOffsets.merge(source.partition(), source.offset(), Math::max);
        long now = Math.floorDiv(streamTime, settings.interval().toMillis());
        if (interval == Long.MIN_VALUE) {
            interval = now; // the task's first edit ever: its first checkpoint comes with the next interval
            saveMarker();
        } else if (now > interval) {
            write(streamTime);
            interval = now;
            saveMarker();
        }
    }

    private void write(long streamTime) {
        Instant at = Instant.ofEpochMilli(streamTime);
        List<byte[]> chunks = new ArrayList<>();
        List<CheckpointRecord.Entry> entries = new ArrayList<>();
        long size = 0;
        long count = 0;
        Instant maxEdit = forgottenMax;
        try (KeyValueIterator<String, byte[]> it = incidents.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                byte[] version = versions.get(kv.key);
                long entry = kv.key.length() + kv.value.length * 4L / 3 + (version == null ? 0 : version.length * 6L / 5) + 64;
                if (entry > MAX_ENTRY_BYTES) {
                    LOG.warn("task {}: no checkpoint at {}: incident {} takes {} bytes, more than a record may", task, at, kv.key, entry);
                    metrics.checkpointsSkipped.increment();
                    return;
                }
                if (!entries.isEmpty() && size + entry > settings.chunkBytes()) {
                    chunks.add(new CheckpointRecord.Chunk(task, at, chunks.size(), entries).toJson());
                    entries = new ArrayList<>();
                    size = 0;
                }
                Instant incidentMax = IncidentStateSerde.maxEditTimestamp(kv.value);
                if (incidentMax.isAfter(maxEdit)) {
                    maxEdit = incidentMax;
                }
                entries.add(new CheckpointRecord.Entry(kv.key, kv.value, version));
                size += entry;
                count++;
            }
        }
        if (!entries.isEmpty()) {
            chunks.add(new CheckpointRecord.Chunk(task, at, chunks.size(), entries).toJson());
        }
        long bytes = 0;
        for (int i = 0; i < chunks.size(); i++) {
            bytes += chunks.get(i).length;
            forward(CheckpointRecord.chunkKey(task, at, i), chunks.get(i), streamTime);
        }
        forward(CheckpointRecord.endKey(task, at), new CheckpointRecord.End(task, at, settings.rawTopic(), chunks.size(), count, offsets(),
                known(maxEdit)).toJson(), streamTime);
        metrics.checkpoints.increment();
        metrics.checkpointBytes.record(bytes);
    }

    /** Null for unknown (or no edit at all, which a checkpoint never follows): the end record then has no max_edit_timestamp. */
    private static Instant known(Instant maxEdit) {
        return maxEdit.equals(IncidentState.UNKNOWN_EDIT_TIMESTAMP) || maxEdit.equals(IncidentState.NO_EDIT) ? null : maxEdit;
    }

    private void forward(String key, byte[] json, long timestamp) {
        context.forward(new Record<>(key, (ReconcileOutput) new ReconcileOutput.Checkpoint(json), timestamp));
    }

    /** Per raw partition up to the highest seen (and at least this task's), the highest offset applied; -1 for none. */
    private long[] offsets() {
        int length = Math.max(task, rawOffsets.isEmpty() ? 0 : rawOffsets.lastKey()) + 1;
        long[] out = new long[length];
        Arrays.fill(out, -1);
        rawOffsets.forEach((partition, offset) -> out[partition] = offset);
        return out;
    }

    /** {@code <interval>;<partition>:<offset>,...} */
    private void saveMarker() {
        StringBuilder marker = new StringBuilder().append(interval).append(';');
        rawOffsets.forEach((partition, offset) -> marker.append(partition).append(':').append(offset).append(','));
        versions.put(MARKER, marker.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void load() {
        loaded = true;
        rawOffsets.clear();
        interval = Long.MIN_VALUE;
        byte[] marker = versions.get(MARKER);
        byte[] forgotten = versions.get(FORGOTTEN);
        if (forgotten != null) {
            forgottenMax = Instant.parse(new String(forgotten, StandardCharsets.UTF_8));
        } else if (marker == null && isEmpty(incidents)) {
            forgottenMax = IncidentState.NO_EDIT;
            versions.put(FORGOTTEN, forgottenMax.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            forgottenMax = IncidentState.UNKNOWN_EDIT_TIMESTAMP;
            versions.put(FORGOTTEN, forgottenMax.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (marker == null) {
            return;
        }
        String[] parts = new String(marker, StandardCharsets.UTF_8).split(";", -1);
        interval = Long.parseLong(parts[0]);
        for (String offset : parts[1].split(",")) {
            if (!offset.isEmpty()) {
                int colon = offset.indexOf(':');
                rawOffsets.put(Integer.parseInt(offset.substring(0, colon)), Long.parseLong(offset.substring(colon + 1)));
            }
        }
    }

    private static boolean isEmpty(KeyValueStore<String, byte[]> store) {
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            return !it.hasNext();
        }
    }
}
