package io.incidentfeeds.afteraction.reprocess;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The part of the raw topic a run reprocesses: in each partition the offsets {@code [start, end)}.
 * {@code start}: the first record stamped at or after {@code --from} ({@code offsetsForTimes}), or the
 * first offset the partition still holds. {@code end}: the first record stamped after {@code --to}, or
 * the partition's end (last stable) offset when the window is captured, whichever comes first. On a
 * LogAppendTime raw topic that is every record appended within {@code [from, to]}; on CreateTime, each
 * partition's records from the first stamped at or after {@code from} to the last before the first
 * stamped after {@code to} (as {@code as-of --known-at} reads a prefix).
 *
 * <p>A window is kept in a consumer group no consumer joins ({@link RunNames#windowGroup()}): its
 * committed offsets are the ends, their metadata the starts. So every instance of a run, and a
 * resumed one, works to the same ends.
 */
public record RawWindow(String topic, Map<Integer, Long> start, Map<Integer, Long> end) {

    private static final String START = "start=";

    public RawWindow {
        start = Collections.unmodifiableMap(new TreeMap<>(start));
        end = Collections.unmodifiableMap(new TreeMap<>(end));
    }

    /** The window of {@code topic} between {@code from} (null: each partition's first offset) and {@code to}, as it is now. */
    static RawWindow capture(Clients clients, String topic, Instant from, Instant to) {
        return clients.read(reader -> {
            List<TopicPartition> partitions = reader.partitions(topic);
            Map<TopicPartition, Long> first = reader.beginnings(partitions);
            Map<TopicPartition, Long> last = reader.ends(partitions);
            Map<TopicPartition, Long> fromOffsets = from == null ? first : reader.offsetsForTime(partitions, from.toEpochMilli(), last);
            Map<TopicPartition, Long> pastTo = reader.offsetsForTime(partitions, to.toEpochMilli() + 1, last);
            Map<Integer, Long> start = new TreeMap<>();
            Map<Integer, Long> end = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                long e = Math.min(pastTo.get(tp), last.get(tp));
                start.put(tp.partition(), Math.min(fromOffsets.get(tp), e));
                end.put(tp.partition(), e);
            }
            return new RawWindow(topic, start, end);
        });
    }

    /** Every committed record {@code topic} holds now (to count what a run wrote). */
    static RawWindow whole(Clients clients, String topic) {
        return capture(clients, topic, null, Instant.ofEpochMilli(Long.MAX_VALUE - 1));
    }

    /** The window kept in {@code group}, or null when it keeps none. */
    static RawWindow load(Clients clients, Admin admin, String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> kept = clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "read the offsets of group " + group);
        Map<Integer, Long> start = new TreeMap<>();
        Map<Integer, Long> end = new TreeMap<>();
        kept.forEach((tp, o) -> {
            if (tp.topic().equals(topic) && o != null && o.metadata().startsWith(START)) {
                end.put(tp.partition(), o.offset());
                start.put(tp.partition(), Long.parseLong(o.metadata().substring(START.length())));
            }
        });
        return end.isEmpty() ? null : new RawWindow(topic, start, end);
    }

    /** Keeps this window in {@code group}. */
    void store(Clients clients, Admin admin, String group) {
        Map<TopicPartition, OffsetAndMetadata> kept = new HashMap<>();
        end.forEach((p, e) -> kept.put(new TopicPartition(topic, p), new OffsetAndMetadata(e, START + start.get(p))));
        clients.await(admin.alterConsumerGroupOffsets(group, kept).all(), "keep the window in group " + group);
    }

    /** The starts as offsets to commit for the run's application id, so that Kafka Streams begins there. */
    Map<TopicPartition, OffsetAndMetadata> startOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        start.forEach((p, s) -> offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(s)));
        return offsets;
    }

    /** Offsets in the window, every partition together (a transaction's marker counts as one). */
    public long size() {
        return end.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
    }

    /** How far {@code committed} offsets have come into the window (each partition's clamped to it). */
    long covered(Map<Integer, Long> committed) {
        long covered = 0;
        for (var e : end.entrySet()) {
            long s = start.get(e.getKey());
            covered += Math.max(0, Math.min(committed.getOrDefault(e.getKey(), s), e.getValue()) - s);
        }
        return covered;
    }

    /** Hands {@code sink} every committed record of the window, in offset order per partition. */
    void read(Clients clients, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> to = new HashMap<>();
        end.forEach((p, e) -> {
            from.put(new TopicPartition(topic, p), start.get(p));
            to.put(new TopicPartition(topic, p), e);
        });
        clients.read(reader -> {
            reader.read(from, to, r -> {
                sink.accept(r);
                return true;
            });
            return null;
        });
    }

    /** The ends as the interceptor's setting: {@code partition:end,...}. */
    String endsSetting() {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(end).forEach((p, e) -> s.append(s.isEmpty() ? "" : ",").append(p).append(':').append(e));
        return s.toString();
    }

    /** {@link #endsSetting()} read back. */
    static Map<Integer, Long> parseEnds(String setting) {
        Map<Integer, Long> ends = new HashMap<>();
        for (String part : setting.split(",")) {
            if (!part.isBlank()) {
                String[] pe = part.split(":");
                ends.put(Integer.parseInt(pe[0].trim()), Long.parseLong(pe[1].trim()));
            }
        }
        return ends;
    }
}
