package io.incidentfeeds.history;

import io.incidentfeeds.schemas.checkpoint.CheckpointRecord;
import java.time.Instant;
import java.util.SortedMap;

/**
 * One reconcile task's checkpoint, read whole (schemas section 8): every incident of its store with
 * its state and last version, and the raw offsets the task had applied.
 *
 * @param task       the task: its raw partition
 * @param streamTime the checkpoint's instant; every edit in it was appended at or before it
 * @param rawTopic   the raw topic the task read
 * @param rawOffsets per raw partition, the highest offset applied ({@link #rawOffset})
 * @param incidents  by incident id
 * @param maxEditTimestamp the largest own timestamp among every edit the task had applied; null when the processor did
 *                   not know it (then the checkpoint seeds no event-time picture)
 */
public record TaskCheckpoint(int task, Instant streamTime, String rawTopic, long[] rawOffsets, SortedMap<String, CheckpointRecord.Entry> incidents,
                             Instant maxEditTimestamp) {

    /**
     * The highest offset of raw partition {@code partition} whose edit, if it goes to this task, the
     * checkpoint holds: every such edit at or below it is in; -1 for none.
     */
    public long rawOffset(int partition) {
        return partition < rawOffsets.length ? rawOffsets[partition] : -1;
    }

    /** Whether every incident comes with its last version (not so when checkpoints were turned on over an existing store). */
    public boolean hasEveryVersion() {
        return incidents.values().stream().allMatch(e -> e.version() != null);
    }

    /**
     * Whether every edit in the checkpoint is stamped at or before {@code eventTime}, so that it is a prefix of the
     * event-time picture at that instant (after-action/docs/checkpoints.md): its largest edit timestamp is known and
     * not after it.
     */
    public boolean onlyEditsStampedBy(Instant eventTime) {
        return maxEditTimestamp != null && !maxEditTimestamp.isAfter(eventTime);
    }
}
