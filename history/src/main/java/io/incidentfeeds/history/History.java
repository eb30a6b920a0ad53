package io.incidentfeeds.history;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The history an after-action review and a replay read: {@code incidents.history} (every version,
 * stamped with the append time of the raw record that caused it) and {@code incidents.checkpoints}
 * (each reconcile task's whole picture now and then). Committed records only; every broker call
 * bounded by the timeout. Each call opens its own consumer (no group, nothing committed).
 *
 * <ul>
 *   <li>{@link #pictureAt}: each incident's last version known at an instant: the nearest checkpoint
 *       at or before it, then the versions after it;</li>
 *   <li>{@link #versions}: the versions stamped within a window, in append order;</li>
 *   <li>{@link #checkpointsAt}: each task's nearest checkpoint, whole (states too), for a
 *       recomputation to carry on from; {@link #checkpointsForEventTime}: the same for an event-time picture.</li>
 * </ul>
 *
 * <p>The one inexact edge (after-action/docs/checkpoints.md): a version caused by an edit that took the
 * repartition hop is stamped with its raw record's time but written when the hop delivered it. The
 * versions after a checkpoint are therefore read from {@link #hopMargin} before it (default 5 minutes;
 * the hop takes about a commit interval, 100 ms); a version delivered later than that is missed.
 */
public final class History {

    public static final Duration DEFAULT_HOP_MARGIN = Duration.ofMinutes(5);

    private final Properties client;
    private final Duration timeout;
    private final String historyTopic;
    private final String checkpointsTopic;
    private final Duration hopMargin;

    /**
     * {@code client}: bootstrap.servers and any TLS/SASL settings; {@code checkpointsTopic}: null when
     * there are none (every picture then read from the history's start).
     */
    public History(Properties client, Duration timeout, String historyTopic, String checkpointsTopic) {
        this(client, timeout, historyTopic, checkpointsTopic, DEFAULT_HOP_MARGIN);
    }

    private History(Properties client, Duration timeout, String historyTopic, String checkpointsTopic, Duration hopMargin) {
        this.client = new Properties();
        this.client.putAll(client);
        this.timeout = timeout;
        this.historyTopic = historyTopic;
        this.checkpointsTopic = checkpointsTopic;
        this.hopMargin = hopMargin;
    }

    /** The same, reading back {@code margin} before each checkpoint for versions delayed by the repartition hop. */
    public History withHopMargin(Duration margin) {
        return new History(client, timeout, historyTopic, checkpointsTopic, margin);
    }

    public Duration hopMargin() {
        return hopMargin;
    }

    /**
     * Task -> its last complete checkpoint at or before {@code knownAt}; a task with none is absent.
     * Empty without a checkpoints topic.
     */
    public Map<Integer, TaskCheckpoint> checkpointsAt(Instant knownAt) {
        if (checkpointsTopic == null) {
            return Map.of();
        }
        try (TopicReader reader = new TopicReader(client, timeout)) {
            return CheckpointFinder.latestAt(reader, checkpointsTopic, knownAt);
        }
    }

    /**
     * Task -> its last complete checkpoint stamped at or before {@code horizon} that holds only edits stamped at or
     * before {@code eventTime} ({@link TaskCheckpoint#onlyEditsStampedBy}): a seed of the event-time picture; a task
     * with none is absent. Looked for back from the earlier of the two instants, then forward to the horizon.
     */
    public Map<Integer, TaskCheckpoint> checkpointsForEventTime(Instant eventTime, Instant horizon) {
        if (checkpointsTopic == null) {
            return Map.of();
        }
        Instant from = eventTime.isBefore(horizon) ? eventTime : horizon;
        try (TopicReader reader = new TopicReader(client, timeout)) {
            return CheckpointFinder.latestFitting(reader, checkpointsTopic, from, horizon,
                    end -> end.maxEditTimestamp() != null && !end.maxEditTimestamp().isAfter(eventTime));
        }
    }

    /** {@link #pictureAt(Instant, boolean)} from the nearest checkpoints. */
    public PictureAt pictureAt(Instant knownAt) {
        return pictureAt(knownAt, true);
    }

    /**
     * Each incident's last version stamped at or before {@code knownAt} (the highest version number
     * among them): from each task's nearest checkpoint and the versions of its history partition from
     * {@link #hopMargin} before it, when the history has a partition per task (as the processor creates
     * it); otherwise, or with {@code fromCheckpoints} false, from the history's start.
     */
    public PictureAt pictureAt(Instant knownAt, boolean fromCheckpoints) {
        return pictureAt(knownAt, fromCheckpoints ? checkpointsAt(knownAt) : Map.of());
    }

    /** As {@link #pictureAt(Instant, boolean)}, from checkpoints already read ({@link #checkpointsAt} at the same instant). */
    public PictureAt pictureAt(Instant knownAt, Map<Integer, TaskCheckpoint> startFrom) {
        SortedMap<String, byte[]> versions = new TreeMap<>();
        Map<String, Long> numbers = new HashMap<>(); // known only when compared
        PictureAt read = pictureAt(knownAt, startFrom, (id, version) -> {
            long number = HistoryVersion.numberOf(version);
            byte[] known = versions.get(id);
            if (known == null || number >= numbers.computeIfAbsent(id, k -> HistoryVersion.numberOf(known))) {
                versions.put(id, version);
                numbers.put(id, number);
            }
        });
        return new PictureAt(knownAt, versions, read.checkpoints(), read.versionsRead());
    }

    /**
     * The same picture, streamed rather than held: every candidate for an incident's last version at
     * {@code knownAt} goes to {@code candidates} (the checkpoints' versions, then the history's stamped by
     * then, each partition in offset order); an incident's last version is its candidate with the highest
     * version number, the later one among equals. The result's {@code versions} is empty.
     */
    public PictureAt pictureAt(Instant knownAt, Map<Integer, TaskCheckpoint> startFrom, BiConsumer<String, byte[]> candidates) {
        Map<Integer, TaskCheckpoint> checkpoints = new TreeMap<>(startFrom);
        checkpoints.values().removeIf(c -> !c.hasEveryVersion() || c.streamTime().isAfter(knownAt));
        try (TopicReader reader = new TopicReader(client, timeout)) {
            List<TopicPartition> partitions = historyPartitions(reader);
            if (!checkpoints.isEmpty() && partitions.size() != reader.partitions(checkpointsTopic).size()) {
                checkpoints.clear(); // an incident's task and history partition may differ: nothing to start from
            }
            checkpoints.values().forEach(c -> c.incidents().forEach((id, e) -> candidates.accept(id, e.version())));
            Map<TopicPartition, Long> begin = reader.beginnings(partitions);
            Map<TopicPartition, Long> end = reader.ends(partitions);
            Map<TopicPartition, Long> from = new HashMap<>(begin);
            for (TopicPartition tp : partitions) {
                TaskCheckpoint c = checkpoints.get(tp.partition());
                if (c != null) {
                    long since = c.streamTime().minus(hopMargin).toEpochMilli();
                    from.put(tp, reader.offsetsForTime(List.of(tp), since, end).get(tp));
                }
            }
            long at = knownAt.toEpochMilli();
            long[] read = {0};
            reader.read(from, end, r -> {
                read[0]++;
                if (r.key() != null && r.value() != null && r.timestamp() <= at) {
                    candidates.accept(new String(r.key(), StandardCharsets.UTF_8), r.value());
                }
                return true;
            });
            return new PictureAt(knownAt, Collections.emptySortedMap(), Map.copyOf(checkpoints), read[0]);
        }
    }

    /**
     * The versions stamped from {@code from} (null: the history's start) to {@code to} (null: no end)
     * that the history holds now, in append order ({@link VersionStream}); close the stream when done.
     */
    public VersionStream versions(Instant from, Instant to) {
        TopicReader reader = new TopicReader(client, timeout);
        try {
            List<TopicPartition> partitions = historyPartitions(reader);
            Map<TopicPartition, Long> end = reader.ends(partitions);
            Map<TopicPartition, Long> start = from == null ? reader.beginnings(partitions)
                    : reader.offsetsForTime(partitions, from.toEpochMilli(), end);
            return new VersionStream(reader, start, end, from, to);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }


    private List<TopicPartition> historyPartitions(TopicReader reader) {
        List<TopicPartition> partitions = reader.partitions(historyTopic);
        if (partitions.isEmpty()) {
            throw new HistoryException(HistoryException.Kind.UNKNOWN_TOPIC, "topic '" + historyTopic + "' does not exist");
        }
        return partitions;
    }
}
