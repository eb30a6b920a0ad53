package io.incidentfeeds.afteraction.reprocess;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
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
        try (KafkaConsumer<byte[], byte[]> reader = clients.reader()) {
            List<TopicPartition> partitions = reader.partitionsFor(topic, clients.timeout()).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> first = reader.beginningOffsets(partitions, clients.timeout());
            Map<TopicPartition, Long> last = reader.endOffsets(partitions, clients.timeout());
            Map<TopicPartition, OffsetAndTimestamp> fromOffsets = from == null ? Map.of() : reader.offsetsForTimes(query(partitions, from.toEpochMilli()), clients.timeout());
            Map<TopicPartition, OffsetAndTimestamp> pastTo = reader.offsetsForTimes(query(partitions, to.toEpochMilli() + 1), clients.timeout());
            Map<Integer, Long> start = new TreeMap<>();
            Map<Integer, Long> end = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                long e = pastTo.get(tp) == null ? last.get(tp) : Math.min(pastTo.get(tp).offset(), last.get(tp));
                long s = from == null ? first.get(tp) : fromOffsets.get(tp) == null ? e : Math.min(fromOffsets.get(tp).offset(), e);
                start.put(tp.partition(), s);
                end.put(tp.partition(), e);
            }
            return new RawWindow(topic, start, end);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw clients.unreachable();
        }
    }

    /** Every committed record {@code topic} holds now (to count what a run wrote). */
    static RawWindow whole(Clients clients, String topic) {
        return capture(clients, topic, null, Instant.ofEpochMilli(Long.MAX_VALUE - 1));
    }

    private static Map<TopicPartition, Long> query(List<TopicPartition> partitions, long time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, time));
        return query;
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
        try (KafkaConsumer<byte[], byte[]> reader = clients.reader()) {
            List<TopicPartition> open = new ArrayList<>();
            end.forEach((p, e) -> {
                if (start.get(p) < e) {
                    open.add(new TopicPartition(topic, p));
                }
            });
            reader.assign(open);
            open.forEach(tp -> reader.seek(tp, start.get(tp.partition())));
            long quietSince = System.nanoTime();
            long positions = -1;
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(java.time.Duration.ofMillis(200))) {
                    if (r.offset() < end.get(r.partition())) {
                        sink.accept(r);
                    }
                }
                long now = 0;
                for (TopicPartition tp : open) {
                    now += reader.position(tp, clients.timeout());
                }
                open.removeIf(tp -> reader.position(tp, clients.timeout()) >= end.get(tp.partition()));
                reader.pause(reader.assignment().stream().filter(tp -> !open.contains(tp)).toList());
                if (now != positions) { // records, or markers and aborted ones skipped: progress either way
                    positions = now;
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > clients.timeout().toNanos()) {
                    throw clients.unreachable();
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw clients.unreachable();
        }
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
