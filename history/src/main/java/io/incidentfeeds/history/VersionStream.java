package io.incidentfeeds.history;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The history's versions stamped within a window, in append order: each partition in offset order,
 * the partitions merged by record time (ties by partition). Each partition is read from the first
 * record stamped at or after the window's start to its end offset when the stream was opened, at most
 * {@value #BUFFERED} records held per partition. Close it when done (it holds a consumer).
 */
public final class VersionStream implements Iterator<HistoryVersion>, AutoCloseable {

    static final int BUFFERED = 5_000;

    private final TopicReader reader;
    private final Map<TopicPartition, Long> stop;
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
    private final List<TopicPartition> open = new ArrayList<>();
    private final long fromMs;
    private final long toMs;

    VersionStream(TopicReader reader, Map<TopicPartition, Long> start, Map<TopicPartition, Long> stop, Instant from, Instant to) {
        this.reader = reader;
        this.stop = stop;
        this.fromMs = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        this.toMs = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        start.forEach((tp, offset) -> {
            buffers.put(tp, new ArrayDeque<>());
            if (offset < stop.get(tp)) {
                open.add(tp);
            }
        });
        reader.consumer().assign(open);
        open.forEach(tp -> reader.consumer().seek(tp, start.get(tp)));
    }

    @Override
    public boolean hasNext() {
        fill();
        return buffers.values().stream().anyMatch(b -> !b.isEmpty());
    }

    @Override
    public HistoryVersion next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ConsumerRecord<byte[], byte[]> first = null;
        for (ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer : buffers.values()) {
            ConsumerRecord<byte[], byte[]> head = buffer.peek();
            if (head != null && (first == null || head.timestamp() < first.timestamp()
                    || (head.timestamp() == first.timestamp() && head.partition() < first.partition()))) {
                first = head;
            }
        }
        buffers.get(new TopicPartition(first.topic(), first.partition())).poll();
        return new HistoryVersion(new String(first.key(), StandardCharsets.UTF_8), first.partition(), first.offset(),
                Instant.ofEpochMilli(first.timestamp()), first.value());
    }

    /** Polls until every partition still being read has a record buffered (so the merge is in order) or is done. */
    private void fill() {
        long deadline = System.nanoTime() + reader.timeout().toNanos();
        while (open.stream().anyMatch(tp -> buffers.get(tp).isEmpty())) {
            List<TopicPartition> full = open.stream().filter(tp -> buffers.get(tp).size() >= BUFFERED).toList();
            reader.consumer().pause(full);
            reader.consumer().resume(open.stream().filter(tp -> !full.contains(tp)).toList());
            boolean progressed = false;
            for (ConsumerRecord<byte[], byte[]> r : reader.consumer().poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                progressed = true;
                if (r.offset() < stop.get(tp) && r.key() != null && r.value() != null && r.timestamp() >= fromMs && r.timestamp() <= toMs) {
                    buffers.get(tp).add(r);
                }
            }
            open.removeIf(tp -> {
                boolean done = reader.consumer().position(tp, reader.timeout()) >= stop.get(tp);
                if (done) {
                    reader.consumer().pause(List.of(tp));
                }
                return done;
            });
            if (progressed) {
                deadline = System.nanoTime() + reader.timeout().toNanos();
            } else if (System.nanoTime() > deadline) {
                throw reader.unreachable();
            }
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
