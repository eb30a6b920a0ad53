package io.incidentfeeds.processor.reconcile;

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
 */
final class Checkpointer {

    /** The versions store's entry of the checkpointer itself (not an incident id: those never hold a NUL). */
    static final String MARKER = "\u0000checkpoint";
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

    void forgotten(String incident) {
        versions.delete(incident);
    }

    /** After an edit from {@code source} was applied (or found applied already): a checkpoint when an interval begins. */
    void applied(SourcePosition source, long streamTime) {
        if (!loaded) {
            load();
        }
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
        forward(CheckpointRecord.endKey(task, at), new CheckpointRecord.End(task, at, settings.rawTopic(), chunks.size(), count, offsets()).toJson(), streamTime);
        metrics.checkpoints.increment();
        metrics.checkpointBytes.record(bytes);
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
}
