package io.incidentfeeds.history;

import io.incidentfeeds.schemas.checkpoint.CheckpointRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds, in each partition {@code p} of the checkpoints topic, task {@code p}'s last complete checkpoint
 * at or before an instant, and reads it. A task's checkpoints follow one another in its partition with
 * rising instants, each one's chunks then its end record, all stamped with its instant. So: from the
 * first record stamped after the instant ({@code offsetsForTimes}) the reader looks forward for any
 * record still at or before it (transaction markers carry the broker's wall-clock time and can make
 * {@code offsetsForTimes} point early), then backward, in growing windows, for the last end record;
 * then reads its chunks from the first record stamped with its instant, and counts them.
 *
 * <p>For an event-time picture ({@link #latestFitting}) only end records that pass a test count (their
 * {@code max_edit_timestamp} at or before the instant): the search goes back from one instant as above, then
 * forward from the one found up to a later instant, while the end records still pass (a task's largest edit
 * timestamp never falls, so none passes after the first that does not).
 */
final class CheckpointFinder {

    private static final int FIRST_WINDOW = 64;

    private record Found(long offset, CheckpointRecord.End end) {
    }

    private CheckpointFinder() {
    }

    static Map<Integer, TaskCheckpoint> latestAt(TopicReader reader, String topic, Instant knownAt) {
        return latestFitting(reader, topic, knownAt, knownAt, end -> true);
    }

    /**
     * Per task, its last complete checkpoint stamped at or before {@code until} whose end record passes
     * {@code fits}, looked for back from {@code from} (at or before {@code until}) then forward up to
     * {@code until} while the end records pass.
     */
    static Map<Integer, TaskCheckpoint> latestFitting(TopicReader reader, String topic, Instant from, Instant until,
                                                      Predicate<CheckpointRecord.End> fits) {
        Instant knownAt = from;
        List<TopicPartition> partitions = reader.partitions(topic);
        Map<Integer, TaskCheckpoint> out = new TreeMap<>();
        if (partitions.isEmpty()) {
            return out;
        }
        long at = knownAt.toEpochMilli();
        Map<TopicPartition, Long> begin = reader.beginnings(partitions);
        Map<TopicPartition, Long> end = reader.ends(partitions);
        Map<TopicPartition, Long> after = reader.offsetsForTime(partitions, at + 1, end);
        for (TopicPartition tp : partitions) {
            Found found = lastEnd(reader, tp, after.get(tp), end.get(tp), at, fits);
            long hi = after.get(tp);
            while (true) {
                for (int window = FIRST_WINDOW; found == null && hi > begin.get(tp); window *= 4) {
                    long lo = Math.max(begin.get(tp), hi - window);
                    found = lastEnd(reader, tp, lo, hi, at, fits);
                    hi = lo;
                }
                if (found == null) {
                    break;
                }
                TaskCheckpoint checkpoint = load(reader, tp, found, end.get(tp));
                if (checkpoint != null) {
                    // Any later end record at or before the first instant fails the test (else it was found), and so would all after
                    // it: forward only from the first record stamped after that instant, when there is one.
                    long next = Math.max(found.offset() + 1, after.get(tp));
                    Found later = until.isAfter(from) ? lastEndForward(reader, tp, next, end.get(tp), until.toEpochMilli(), fits) : null;
                    TaskCheckpoint laterCheckpoint = later == null ? null : load(reader, tp, later, end.get(tp));
                    out.put(tp.partition(), laterCheckpoint != null ? laterCheckpoint : checkpoint);
                    break;
                }
                hi = found.offset(); // incomplete (a chunk deleted by retention): the one before
                found = null;
            }
        }
        return out;
    }

    /** The last end record of task {@code tp.partition()} stamped at or before {@code at} in {@code [from, to)} that {@code fits}. */
    private static Found lastEnd(TopicReader reader, TopicPartition tp, long from, long to, long at, Predicate<CheckpointRecord.End> fits) {
        Found[] found = {null};
        reader.read(Map.of(tp, from), Map.of(tp, to), r -> {
            CheckpointRecord.Key key = key(r);
            if (key == null || key.task() != tp.partition()) {
                return true;
            }
            if (key.streamTimeMs() > at) {
                return false; // instants rise: nothing later is at or before it
            }
            if (key.isEnd()) {
                CheckpointRecord.End end = (CheckpointRecord.End) CheckpointRecord.fromJson(r.value());
                if (fits.test(end)) {
                    found[0] = new Found(r.offset(), end);
                }
            }
            return true;
        });
        return found[0];
    }

    /**
     * Forward from {@code from}: the last end record of task {@code tp.partition()} stamped at or before {@code at}
     * before the first that does not fit; null for none.
     */
    private static Found lastEndForward(TopicReader reader, TopicPartition tp, long from, long to, long at, Predicate<CheckpointRecord.End> fits) {
        Found[] found = {null};
        if (from >= to) {
            return null;
        }
        reader.read(Map.of(tp, from), Map.of(tp, to), r -> {
            CheckpointRecord.Key key = key(r);
            if (key == null || key.task() != tp.partition() || !key.isEnd()) {
                return key == null || key.streamTimeMs() <= at;
            }
            if (key.streamTimeMs() > at) {
                return false;
            }
            CheckpointRecord.End end = (CheckpointRecord.End) CheckpointRecord.fromJson(r.value());
            if (!fits.test(end)) {
                return false; // a task's largest edit timestamp never falls: no later one fits
            }
            found[0] = new Found(r.offset(), end);
            return true;
        });
        return found[0];
    }

    /** The chunks of {@code found}'s checkpoint; null when any is missing (deleted by retention). */
    private static TaskCheckpoint load(TopicReader reader, TopicPartition tp, Found found, long end) {
        CheckpointRecord.End last = found.end();
        long first = reader.offsetsForTime(List.of(tp), last.streamTime().toEpochMilli(), Map.of(tp, end)).get(tp);
        Map<Integer, CheckpointRecord.Chunk> chunks = new HashMap<>();
        if (first < found.offset()) {
            reader.read(Map.of(tp, first), Map.of(tp, found.offset()), r -> {
                CheckpointRecord.Key key = key(r);
                if (key != null && key.task() == last.task() && key.streamTimeMs() == last.streamTime().toEpochMilli() && !key.isEnd()) {
                    chunks.put(key.index(), (CheckpointRecord.Chunk) CheckpointRecord.fromJson(r.value()));
                }
                return true;
            });
        }
        SortedMap<String, CheckpointRecord.Entry> incidents = new TreeMap<>();
        for (int i = 0; i < last.chunks(); i++) {
            CheckpointRecord.Chunk chunk = chunks.get(i);
            if (chunk == null) {
                return null;
            }
            chunk.incidents().forEach(e -> incidents.put(e.incidentId(), e));
        }
        if (incidents.size() != last.incidents()) {
            return null;
        }
        return new TaskCheckpoint(last.task(), last.streamTime(), last.rawTopic(), last.rawOffsets(), incidents, last.maxEditTimestamp());
    }

    private static CheckpointRecord.Key key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : CheckpointRecord.parseKey(new String(r.key(), StandardCharsets.UTF_8));
    }
}
