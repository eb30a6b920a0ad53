package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.read.Parallel;
import io.incidentfeeds.afteraction.replay.Picture;
import io.incidentfeeds.afteraction.replay.RawEdits;
import io.incidentfeeds.afteraction.spill.Spill;
import io.incidentfeeds.history.History;
import io.incidentfeeds.history.TaskCheckpoint;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.Reconciler;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Pictures recomputed from the raw topic with the processor's own steps and reconciliation, in each
 * partition's order, as the live processor saw them: from the topic's start, or (known at) from the
 * processor's checkpoints ({@link #fromCheckpoints}). From the start, the raw partitions are read and
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
     * The picture, and what went into it: each incident's last version (taken once, at the end), the
     * checkpoints it started from (task -> checkpoint; empty: from the raw topic's start), raw records read,
     * refused by the processor's steps, edits applied, and of those (event time only) how many came in as
     * the causal past of the others.
     */
    public record Result(Picture picture, SortedMap<String, byte[]> lastVersions, Map<Integer, TaskCheckpoint> checkpoints,
                         long records, long rejected, long applied, long causalPast) {

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
    }

    /** Told of every edit a picture applies, in the order applied: when its raw record was appended, and what reconciliation emitted. */
    @FunctionalInterface
    public interface Applied {
        void applied(NormalizedEdit edit, Instant appendedAt, Reconciler.Applied emitted);
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
     * The same, its known-at pictures starting from the processor's nearest checkpoints, read through
     * {@code history} (its checkpoints topic and hop margin), where there are any of this raw topic's.
     */
    public AsOf fromCheckpoints(History history) {
        return new AsOf(source, rawEdits, spill, history);
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
        try (Picture picture = new Picture(partitions, spill)) {
            List<Received> elsewhere = Collections.synchronizedList(new ArrayList<>());
            long[] counts = acceptedUpTo(rawTopic, knownAt, partition -> received -> {
                if (picture.taskOf(received.edit().incidentId()) == partition) {
                    told.applied(received.edit(), received.appendedAt(), picture.apply(received.edit()));
                } else {
                    elsewhere.add(received);
                }
            });
            applyElsewhere(elsewhere, picture, told);
            return new Result(picture, picture.lastVersions(), Map.of(), counts[0], counts[1], counts[0] - counts[1], 0);
        }
    }

    /** An accepted edit, when its raw record was appended. */
    private record Received(NormalizedEdit edit, Instant appendedAt) {

        static final Comparator<Received> ARRIVAL = Comparator.comparing(Received::appendedAt)
                .thenComparingInt(r -> r.edit().source().partition()).thenComparingLong(r -> r.edit().source().offset());
    }

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
        CheckpointSeed seed = CheckpointSeed.of(source, rawTopic, partitions, checkpoints, hopMargin);
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
        picture.close(); // the states spilled are not needed any more; the last versions stay
        return new Result(picture, picture.lastVersions(), seed.checkpoints(), counts[0], counts[1], counts[2], 0);
    }

    /**
     * The edits read outside their incident's partition (none when producers key raw records by
     * incident, as the connector does), after the partitions' own, in order of arrival: the live
     * processor applies them after the repartition hop, a lag later. Their values are those the
     * processor reached (reconciliation does not depend on the order); their version numbers can differ.
     */
    private static void applyElsewhere(List<Received> elsewhere, Picture picture, Applied listener) {
        elsewhere.sort(Received.ARRIVAL);
        for (Received received : elsewhere) {
            listener.applied(received.edit(), received.appendedAt(), picture.apply(received.edit()));
        }
    }

    private static Applied serialized(Applied listener) {
        return new Applied() {
            @Override
            public synchronized void applied(NormalizedEdit edit, Instant appendedAt, Reconciler.Applied emitted) {
                listener.applied(edit, appendedAt, emitted);
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
     * (an incident's in the order applied; never two calls at once: none of those a checkpoint holds, so a
     * listener that needs them all reads {@link #fromStart}). The edits received are held in
     * memory (the causal past of an edit can be any earlier one of its incident).
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
        List<List<Received>> byPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            byPartition.add(new ArrayList<>());
        }
        CheckpointSeed seed = eventTimeSeed(rawTopic, partitions, eventTime, horizon);
        long[] counts = seed == null ? acceptedUpTo(rawTopic, horizon, partition -> byPartition.get(partition)::add)
                : acceptedAfter(rawTopic, seed, partitions, horizon, byPartition);
        List<Received> received = new ArrayList<>(); // partition by partition, each in offset order
        byPartition.forEach(received::addAll);
        byPartition.clear();
        // (incident, agency) -> sequence number -> the edits with that dot (a redelivery is a second one)
        Map<String, NavigableMap<Long, List<Integer>>> byAgency = new HashMap<>();
        for (int i = 0; i < received.size(); i++) {
            Telemetry t = received.get(i).edit().edit();
            byAgency.computeIfAbsent(t.incidentId() + "\n" + t.agencyId(), k -> new TreeMap<>())
                    .computeIfAbsent(t.sequenceNumber(), k -> new ArrayList<>()).add(i);
        }
        boolean[] selected = new boolean[received.size()];
        Deque<Integer> pending = new ArrayDeque<>();
        for (int i = 0; i < received.size(); i++) {
            if (!received.get(i).edit().edit().timestamp().isAfter(eventTime)) {
                selected[i] = true;
                pending.add(i);
            }
        }
        long stamped = pending.size();
        while (!pending.isEmpty()) { // the causal past, transitively
            Telemetry t = received.get(pending.poll()).edit().edit();
            t.causalContext().forEach((agency, seen) -> {
                NavigableMap<Long, List<Integer>> edits = byAgency.get(t.incidentId() + "\n" + agency);
                if (edits != null) {
                    edits.headMap(seen, true).values().forEach(dots -> dots.forEach(j -> {
                        if (!selected[j]) {
                            selected[j] = true;
                            pending.add(j);
                        }
                    }));
                }
            });
        }
        try (Picture picture = new Picture(partitions, spill)) {
            if (seed != null) {
                seed.seed(picture);
            }
            List<List<Received>> inPlace = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                inPlace.add(new ArrayList<>());
            }
            List<Received> elsewhere = new ArrayList<>();
            long applied = 0;
            for (int i = 0; i < received.size(); i++) {
                if (selected[i]) {
                    Received r = received.get(i);
                    int task = picture.taskOf(r.edit().incidentId());
                    (task == r.edit().source().partition() ? inPlace.get(task) : elsewhere).add(r);
                    applied++;
                }
            }
            Parallel.run("replay", source.threads(), partitions, task -> inPlace.get(task).forEach(r -> told.applied(r.edit(), r.appendedAt(), picture.apply(r.edit()))));
            applyElsewhere(elsewhere, picture, told);
            return new Result(picture, picture.lastVersions(), seed == null ? Map.of() : seed.checkpoints(), counts[0], counts[1], applied,
                    applied - stamped);
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
     * hold, each to its partition's list in offset order; {records, refused}.
     */
    private long[] acceptedAfter(String rawTopic, CheckpointSeed seed, int partitions, Instant until, List<List<Received>> byPartition) {
        long[] counts = new long[2];
        source.readPrefixFrom(rawTopic, seed.start(), until, record -> {
            counts[0]++;
            NormalizedEdit edit = rawEdits.process(record).edit();
            if (edit == null) {
                counts[1]++;
            } else if (!seed.holds(RawRecordKey.partitionOf(edit.incidentId(), partitions), record.partition(), record.offset())) {
                byPartition.get(record.partition()).add(new Received(edit, Instant.ofEpochMilli(record.timestamp())));
            }
        });
        return counts;
    }
}
