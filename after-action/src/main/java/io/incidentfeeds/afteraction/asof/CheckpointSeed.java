package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.replay.Picture;
import io.incidentfeeds.history.TaskCheckpoint;
import io.incidentfeeds.processing.state.IncidentStateSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a recomputation carried on from the processor's checkpoints starts (after-action/docs/checkpoints.md):
 * per task its checkpoint (none: from the raw topic's start), per raw partition q the first offset some task
 * still needs, and which edits read from there a checkpoint holds already. An edit of q whose incident's task
 * has a checkpoint is in it when its offset is at or below that checkpoint's {@link TaskCheckpoint#rawOffset}
 * of q. An edit that moved to another task through the repartition hop is looked for from {@code hopMargin}
 * before the checkpoint of the partition it was read from (a task with no checkpoint: from the start); one
 * delayed longer than that would be missed.
 */
final class CheckpointSeed {

    private final SortedMap<Integer, TaskCheckpoint> checkpoints;
    private final Map<Integer, Long> start;

    private CheckpointSeed(SortedMap<Integer, TaskCheckpoint> checkpoints, Map<Integer, Long> start) {
        this.checkpoints = checkpoints;
        this.start = start;
    }

    /** {@code checkpoints}: task -> the checkpoint it starts from, of {@code rawTopic} (its {@code partitions} partitions). */
    static CheckpointSeed of(KafkaSource source, String rawTopic, int partitions, Map<Integer, TaskCheckpoint> checkpoints, Duration hopMargin) {
        Map<Integer, Instant> hopSince = new HashMap<>();
        checkpoints.forEach((task, c) -> hopSince.put(task, c.streamTime().minus(hopMargin)));
        Map<Integer, Long> hopFrom = source.offsetsForTimes(rawTopic, hopSince); // one request for every partition
        Map<Integer, Long> start = new HashMap<>();
        for (int q = 0; q < partitions; q++) {
            TaskCheckpoint own = checkpoints.get(q);
            long from = own == null ? 0 : own.rawOffset(q) + 1;
            long hop = own == null ? 0 : hopFrom.get(q);
            for (int p = 0; p < partitions; p++) {
                TaskCheckpoint other = checkpoints.get(p);
                if (p != q) {
                    from = Math.min(from, Math.max(other == null ? 0 : other.rawOffset(q) + 1, hop));
                }
            }
            start.put(q, from);
        }
        return new CheckpointSeed(Collections.unmodifiableSortedMap(new TreeMap<>(checkpoints)), Map.copyOf(start));
    }

    /** Task -> the checkpoint it starts from. */
    SortedMap<Integer, TaskCheckpoint> checkpoints() {
        return checkpoints;
    }

    /** Raw partition -> the first offset to read. */
    Map<Integer, Long> start() {
        return start;
    }

    /** Whether the edit read at {@code offset} of raw partition {@code partition}, reconciled by {@code task}, is in its checkpoint. */
    boolean holds(int task, int partition, long offset) {
        TaskCheckpoint checkpoint = checkpoints.get(task);
        return checkpoint != null && offset <= checkpoint.rawOffset(partition);
    }

    /** Starts every checkpointed incident of {@code picture} from its state and last version. */
    void seed(Picture picture) {
        checkpoints.values().forEach(c -> c.incidents().forEach((id, e) -> picture.seed(id, IncidentStateSerde.fromBytes(e.state()), e.version())));
    }
}
