package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.replay.Picture;
import io.incidentfeeds.afteraction.replay.RawEdits;
import io.incidentfeeds.afteraction.spill.ExternalSort;
import io.incidentfeeds.afteraction.spill.Spill;
import io.incidentfeeds.history.History;
import io.incidentfeeds.history.TaskCheckpoint;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.normalize.NormalizedEditJson;
import io.incidentfeeds.processing.reconcile.Reconciler;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Pictures recomputed from the raw topic with the processor's own steps and reconciliation, in each
 * partition's order, as the live processor saw them: from the topic's start, or from the processor's
 * checkpoints ({@link #fromCheckpoints}). From the start, the raw partitions are read and
 * replayed in parallel, each edit in its incident's task as the live processor places it
 * ({@link Picture}); the states spill to disk past the memory bound.
 *
 * <ul>
 *   <li>{@link #knownAt}: every raw record appended by an instant (each partition's prefix up to it);
 *       {@code as-of --known-at}, both sides of {@code diff} and the known-at side of {@code --learned-late}
 *       all come here;</li>
 *   <li>{@link #eventTime}: among the edits appended by a horizon, those whose own {@code timestamp} is
 *       at or before an instant, with their causal past: every edit of the same incident that the
 *       edit's clock says its sender had seen (transitively), whatever that one's own timestamp. A
 *       device whose clock runs behind stamps an edit before one it had already seen; the picture
 *       then holds both, as the sender did. From each task's last checkpoint by the horizon whose edits are all
 *       stamped by the instant, when this reads checkpoints ({@link CheckpointSeed}); else from the raw topic's start.</li>
 * </ul>
 */
public final class AsOf {

    /**
     * The picture, and what went into it: the picture itself (each incident's last version:
     * {@link #versions()}, in id order, from memory or disk; close the result when done), the checkpoints it
     * started from (task -> checkpoint; empty: from the raw topic's start), raw records read, refused by the
     * processor's steps, edits applied, of those (event time only) how many came in as the causal past of
     * the others, and the run files the edits were sorted in (event time only; 0 when they fitted in memory).
     */
    public record Result(Picture picture, Map<Integer, TaskCheckpoint> checkpoints,
                         long records, long rejected, long applied, long causalPast, int sortRuns) implements AutoCloseable {

        /** A picture whose edits were not sorted. */
        public Result(Picture picture, Map<Integer, TaskCheckpoint> checkpoints, long records, long rejected, long applied, long causalPast) {
            this(picture, checkpoints, records, rejected, applied, causalPast, 0);
        }

        /** Incident id -> its last version's bytes (deleted incidents included), in id order; each call iterates anew. */
        public Iterator<Map.Entry<String, byte[]>> versions() {
            return picture.versions();
        }

        /** Incidents in the picture, deleted ones included. */
        public long incidents() {
            return picture.incidents();
        }

        /** Where the picture started, in words: the raw topic's start, or each task's checkpoint. */
        public String startedFrom() {
            if (checkpoints.isEmpty()) {
                return "from the raw topic's start";
            }
            StringBuilder out = new StringBuilder("from checkpoints");
            checkpoints.values().forEach(c -> out.append(out.length() == 16 ? " " : ", ").append("task ").append(c.task()).append(" at ")
                    .append(c.streamTime()).append(" (").append(c.incidents().size()).append(" incidents)"));
            return out.toString();
        }

        /** Drops what the picture spilled to disk. */
        @Override
        public void close() {
            picture.close();
        }
    }

    /** Told of every edit a picture applies, in the order applied: when its raw record was appended, and what reconciliation emitted. */
    @FunctionalInterface
    public interface Applied {
        void applied(NormalizedEdit edit, Instant appendedAt, Reconciler.Applied emitted);

        /** No more of this incident's edits will be applied (told by the event-time replay, which goes an incident at a time). */
        default void incidentDone(String incidentId) {
        }
    }

    private static final Applied IGNORED = (edit, appendedAt, emitted) -> { };

    private final KafkaSource source;
    private final RawEdits rawEdits;
    private final Spill spill;
    private final History checkpoints;

    /** Everything in memory, from the raw topic's start. */
    public AsOf(KafkaSource source, RawEdits rawEdits) {
        this(source, rawEdits, Spill.unbounded());
    }

    /** The states spilled to disk past {@code spill}'s memory; from the raw topic's start. */
    public AsOf(KafkaSource source, RawEdits rawEdits, Spill spill) {
        this(source, rawEdits, spill, null);
    }

    private AsOf(KafkaSource source, RawEdits rawEdits, Spill spill, History checkpoints) {
        this.source = source;
        this.rawEdits = rawEdits;
        this.spill = spill;
        this.checkpoints = checkpoints;
    }

    /**
     * The same, its pictures starting from the processor's checkpoints (known at: the nearest; event time: the
     * nearest whose edits are all stamped by the instant), read through {@code history} (its checkpoints topic
     * and hop margin), where there are any of this raw topic's.
     */
    public AsOf fromCheckpoints(History history) {
        return new AsOf(source, rawEdits, spill, history);
    }

    /** The same, with {@code 1/parts} of the memory bound: for {@code parts} pictures held at once. */
    public AsOf sharing(int parts) {
        return new AsOf(source, rawEdits, spill.share(parts), checkpoints);
    }

    /** The memory bound and the spill directory. */
    Spill spill() {
        return spill;
    }

    /** The same, every picture from the raw topic's start. */
    public AsOf fromStart() {
        return new AsOf(source, rawEdits, spill, null);
    }

    public Result knownAt(String rawTopic, Instant knownAt) {
        return knownAt(rawTopic, knownAt, IGNORED);
    }

    /**
     * As {@link #knownAt(String, Instant)}, telling {@code listener} of every edit applied (an
     * incident's in the order applied; never two calls at once). From each task's last complete
     * checkpoint at or before the instant when this reads checkpoints and there is one with every
     * version, of this raw topic; else from the raw topic's start.
     */
    public Result knownAt(String rawTopic, Instant knownAt, Applied listener) {
        int partitions = source.describe(List.of(rawTopic)).get(rawTopic);
        Map<Integer, TaskCheckpoint> from = new TreeMap<>(checkpoints == null ? Map.of() : checkpoints.checkpointsAt(knownAt));
        from.values().removeIf(c -> !c.rawTopic().equals(rawTopic) || !c.hasEveryVersion()); // another raw topic's, or lacking versions
        return from.isEmpty() ? knownAtFromStart(rawTopic, partitions, knownAt, listener)
                : knownAtFrom(rawTopic, partitions, knownAt, from, checkpoints.hopMargin(), listener);
    }

    private Result knownAtFromStart(String rawTopic, int partitions, Instant knownAt, Applied listener) {
        Applied told = listener == IGNORED ? listener : serialized(listener);
        Spill half = spill.share(2);
        Picture picture = new Picture(partitions, half);
        try (ExternalSort elsewhere = new ExternalSort(half.memoryBytes(), half.directory())) {
            long[] counts = acceptedUpTo(rawTopic, knownAt, partition -> received -> {
                if (picture.taskOf(received.edit().incidentId()) == partition) {
                    told.applied(received.edit(), received.appendedAt(), picture.apply(received.edit()));
                } else {
                    elsewhere.add(received.toBytes(ByteBuffer.allocate(ARRIVAL_BYTES).putLong(received.appendedAt().toEpochMilli())
                            .putInt(partition).putLong(received.edit().source().offset()).array()));
                }
            });
            applyElsewhere(elsewhere.sorted(), picture, told);
            return new Result(picture, Map.of(), counts[0], counts[1], counts[0] - counts[1], 0);
        } catch (RuntimeException e) {
            picture.close();
            throw e;
        }
    }

    /** An accepted edit, when its raw record was appended. */
    record Received(NormalizedEdit edit, Instant appendedAt) {

        /** {@code key} (the place it sorts by), then the append time and the edit ({@link NormalizedEditJson}: never validated twice). */
        byte[] toBytes(byte[] key) {
            byte[] json = NormalizedEditJson.toBytes(edit);
            return ByteBuffer.allocate(key.length + 8 + json.length).put(key).putLong(appendedAt.toEpochMilli()).put(json).array();
        }

        /** The edit of {@link #toBytes} whose key is {@code keyLength} bytes. */
        static Received fromBytes(byte[] item, int keyLength) {
            Instant appendedAt = Instant.ofEpochMilli(ByteBuffer.wrap(item, keyLength, 8).getLong());
            return new Received(NormalizedEditJson.fromBytes(Arrays.copyOfRange(item, keyLength + 8, item.length)), appendedAt);
        }
    }

    /** Append time, partition and offset: the order edits read outside their incident's partition are applied in. */
    static final int ARRIVAL_BYTES = 8 + 4 + 8;

    /**
     * The picture known at {@code knownAt} carried on from {@code checkpoints} (task -> its last checkpoint at or
     * before it): each task's incidents start from their checkpointed state and version, and raw partition q is
     * read from the first offset some task still needs, up to the instant. An edit of q is applied when it is above
     * what its task's checkpoint applied of q ({@link TaskCheckpoint#rawOffset}), so nothing is applied twice or left
     * out. An edit that moved to another task through the repartition hop is looked for from {@code hopMargin} before
     * the checkpoint of the partition it was read from (a task with no checkpoint: from the start); one delayed longer
     * than that would be missed, which the cross-check shows.
     */
    private Result knownAtFrom(String rawTopic, int partitions, Instant knownAt, Map<Integer, TaskCheckpoint> checkpoints,
                               Duration hopMargin, Applied listener) {
        Picture picture = new Picture(partitions, spill);
        try {
            return knownAtFrom(rawTopic, knownAt, picture, CheckpointSeed.of(source, rawTopic, partitions, checkpoints, hopMargin), listener);
        } catch (RuntimeException e) {
            picture.close();
            throw e;
        }
    }

    private Result knownAtFrom(String rawTopic, Instant knownAt, Picture picture, CheckpointSeed seed, Applied listener) {
        seed.seed(picture);
        long[] counts = new long[3];
        source.readPrefixFrom(rawTopic, seed.start(), knownAt, record -> {
            counts[0]++;
            RawEdits.Outcome outcome = rawEdits.process(record);
            NormalizedEdit edit = outcome.edit();
            if (edit != null && seed.holds(picture.taskOf(edit.incidentId()), record.partition(), record.offset())) {
                return; // in its task's checkpoint already
            }
            if (edit == null) {
                counts[1]++;
            } else {
                counts[2]++;
                listener.applied(edit, Instant.ofEpochMilli(record.timestamp()), picture.apply(edit));
            }
        });
        return new Result(picture, seed.checkpoints(), counts[0], counts[1], counts[2], 0);
    }

    /**
     * The edits read outside their incident's partition (none when producers key raw records by
     * incident, as the connector does), after the partitions' own, in order of arrival (sorted by
     * {@link #ARRIVAL_BYTES}): the live processor applies them after the repartition hop, a lag later.
     * Their values are those the processor reached (reconciliation does not depend on the order); their
     * version numbers can differ.
     */
    private static void applyElsewhere(Iterator<byte[]> elsewhere, Picture picture, Applied listener) {
        while (elsewhere.hasNext()) {
            Received received = Received.fromBytes(elsewhere.next(), ARRIVAL_BYTES);
            listener.applied(received.edit(), received.appendedAt(), picture.apply(received.edit()));
        }
    }

    private static Applied serialized(Applied listener) {
        return new Applied() {
            @Override
            public synchronized void applied(NormalizedEdit edit, Instant appendedAt, Reconciler.Applied emitted) {
                listener.applied(edit, appendedAt, emitted);
            }

            @Override
            public synchronized void incidentDone(String incidentId) {
                listener.incidentDone(incidentId);
            }
        };
    }

    /**
     * Each partition's prefix up to {@code until} through the processor's steps, the partitions in
     * parallel: each accepted edit to its partition's sink, in offset order; {records, refused}.
     */
    private long[] acceptedUpTo(String rawTopic, Instant until, IntFunction<Consumer<Received>> sinks) {
        LongAdder records = new LongAdder();
        LongAdder refused = new LongAdder();
        source.readPrefixPartitions(rawTopic, until, partition -> {
            Consumer<Received> sink = sinks.apply(partition);
            return record -> {
                records.increment();
                RawEdits.Outcome outcome = rawEdits.process(record);
                if (outcome.edit() == null) {
                    refused.increment();
                } else {
                    sink.accept(new Received(outcome.edit(), Instant.ofEpochMilli(record.timestamp())));
                }
            };
        });
        return new long[] {records.sum(), refused.sum()};
    }

    /** The edits stamped at or before {@code eventTime} and their causal past, among those appended by {@code horizon}. */
    public Result eventTime(String rawTopic, Instant eventTime, Instant horizon) {
        return eventTime(rawTopic, eventTime, horizon, IGNORED);
    }

    /**
     * As {@link #eventTime(String, Instant, Instant)}, telling {@code listener} of every edit applied
     * (an incident's in the order applied, then {@link Applied#incidentDone}; never two calls at once: none of
     * those a checkpoint holds, so a listener that needs them all reads {@link #fromStart}). The edits received go
     * to an external sort by incident ({@link EventTimeReplay}, half of the memory bound; the picture the other
     * half), so nothing held grows with the edits.
     *
     * <p>From checkpoints: each task's last by the horizon whose edits are all stamped by {@code eventTime}
     * ({@link History#checkpointsForEventTime}) is a prefix of the edits the replay from the start would select, in
     * the order it would apply them, so it starts from the checkpoint's states and versions; the raw topic is read
     * from {@link CheckpointSeed#start()}, the edits a checkpoint holds left out, and the selection made among the
     * rest (a causal past reaching into a checkpoint adds nothing: those edits are in).
     */
    public Result eventTime(String rawTopic, Instant eventTime, Instant horizon, Applied listener) {
        Applied told = listener == IGNORED ? listener : serialized(listener);
        int partitions = source.describe(List.of(rawTopic)).get(rawTopic);
        CheckpointSeed seed = eventTimeSeed(rawTopic, partitions, eventTime, horizon);
        Spill half = spill.share(2);
        Picture picture = new Picture(partitions, half);
        try (EventTimeReplay replay = new EventTimeReplay(picture, partitions, half)) {
            if (seed != null) {
                seed.seed(picture);
            }
            long[] counts = seed == null ? acceptedUpTo(rawTopic, horizon, replay::sink)
                    : acceptedAfter(rawTopic, seed, partitions, horizon, replay::sink);
            long[] applied = replay.replay(eventTime, source.threads(), told);
            return new Result(picture, seed == null ? Map.of() : seed.checkpoints(), counts[0], counts[1], applied[0], applied[0] - applied[1],
                    replay.runs());
        } catch (RuntimeException e) {
            picture.close();
            throw e;
        }
    }

    /** The seed of the event-time picture at {@code eventTime} by {@code horizon}; null without checkpoints to start from. */
    private CheckpointSeed eventTimeSeed(String rawTopic, int partitions, Instant eventTime, Instant horizon) {
        if (checkpoints == null) {
            return null;
        }
        Map<Integer, TaskCheckpoint> from = new TreeMap<>(checkpoints.checkpointsForEventTime(eventTime, horizon));
        from.values().removeIf(c -> !c.rawTopic().equals(rawTopic) || !c.hasEveryVersion() || !c.onlyEditsStampedBy(eventTime));
        return from.isEmpty() ? null : CheckpointSeed.of(source, rawTopic, partitions, from, checkpoints.hopMargin());
    }

    /**
     * The accepted edits appended by {@code until} from {@code seed}'s start offsets that its checkpoints do not
     * hold, each to its partition's sink in offset order (one record at a time); {records, refused}.
     */
    private long[] acceptedAfter(String rawTopic, CheckpointSeed seed, int partitions, Instant until, IntFunction<Consumer<Received>> sinks) {
        long[] counts = new long[2];
        source.readPrefixFrom(rawTopic, seed.start(), until, record -> {
            counts[0]++;
            NormalizedEdit edit = rawEdits.process(record).edit();
            if (edit == null) {
                counts[1]++;
            } else if (!seed.holds(RawRecordKey.partitionOf(edit.incidentId(), partitions), record.partition(), record.offset())) {
                sinks.apply(record.partition()).accept(new Received(edit, Instant.ofEpochMilli(record.timestamp())));
            }
        });
        return counts;
    }
}
