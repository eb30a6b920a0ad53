package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.edge.view.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEMPORARY: the {@link History} read straight from incidents.history, until the shared history
 * module (nearest checkpoint plus the history after it) takes its place. A picture is each
 * incident's last version stamped at or before the instant, read from the topic's start (no
 * checkpoints yet); versions after an instant are found with {@code offsetsForTimes}. Each call has
 * a consumer of its own: assigned, never in a group, {@code read_committed}.
 *
 * <p>A partition's record times follow its offsets closely but not strictly (a version caused by an
 * edit that took the processor's repartition hop carries that edit's older time), so a read goes on
 * {@link #SLACK} past the instant it needs before it stops a partition, and keeps only the records
 * stamped within the bounds.
 */
public final class HistoryTopic implements History {

    private static final Logger log = LoggerFactory.getLogger(HistoryTopic.class);
    /** How far past its bound a partition is read for versions stamped out of order. */
    static final Duration SLACK = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CALL = Duration.ofSeconds(10);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final EdgeProperties.Kafka kafka;
    private final String topic;

    public HistoryTopic(EdgeProperties.Kafka kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    @Override
    public Optional<Instant> oldestAvailable() {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            List<TopicPartition> partitions = partitions(c);
            Map<TopicPartition, Long> first = c.beginningOffsets(partitions, CALL);
            Instant oldest = null;
            for (TopicPartition tp : partitions) {
                if (first.get(tp) == 0) {
                    continue;
                }
                // Records were deleted from this partition: its first remaining one bounds what is exact.
                c.assign(List.of(tp));
                c.seek(tp, first.get(tp));
                List<ConsumerRecord<String, byte[]>> records = List.of();
                long deadline = System.nanoTime() + CALL.toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline && c.position(tp) < c.endOffsets(List.of(tp)).get(tp)) {
                    records = c.poll(POLL).records(tp);
                }
                if (!records.isEmpty()) {
                    Instant t = Instant.ofEpochMilli(records.get(0).timestamp());
                    oldest = oldest == null || t.isAfter(oldest) ? t : oldest;
                }
            }
            return Optional.ofNullable(oldest);
        } catch (KafkaException e) {
            throw new UnavailableException("cannot read " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, LiveIncident> pictureAt(Instant at) {
        long atMs = at.toEpochMilli();
        long stopMs = atMs + SLACK.toMillis();
        Map<String, ConsumerRecord<String, byte[]>> last = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            List<TopicPartition> partitions = partitions(c);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, CALL);
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(tp -> c.position(tp, CALL) >= end.get(tp));
            c.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
            while (!open.isEmpty()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (!open.contains(tp)) {
                        continue;
                    }
                    if (r.timestamp() > stopMs) {
                        done(c, open, tp);
                    } else if (r.timestamp() <= atMs && r.key() != null && r.value() != null) {
                        last.put(r.key(), r);
                    }
                }
                for (TopicPartition tp : List.copyOf(open)) {
                    if (c.position(tp, CALL) >= end.get(tp)) {
                        done(c, open, tp);
                    }
                }
            }
        } catch (KafkaException e) {
            throw new UnavailableException("cannot read " + topic + ": " + e.getMessage(), e);
        }
        Map<String, LiveIncident> picture = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : last.values()) {
            LiveIncident version = parse(r);
            if (version != null && !version.deleted()) {
                picture.put(version.id(), version);
            }
        }
        return picture;
    }

    @Override
    public Versions versionsAfter(Instant after, Instant until) {
        KafkaConsumer<String, byte[]> c = consumer();
        try {
            List<TopicPartition> partitions = partitions(c);
            c.assign(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, CALL);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, after.toEpochMilli() + 1));
            Map<TopicPartition, OffsetAndTimestamp> start = c.offsetsForTimes(query, CALL);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = start.get(tp);
                c.seek(tp, o == null ? end.get(tp) : o.offset());
            }
            return new TopicVersions(c, partitions, end, after.toEpochMilli(), until.toEpochMilli());
        } catch (KafkaException e) {
            c.close();
            throw new UnavailableException("cannot read " + topic + ": " + e.getMessage(), e);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(TopicReader.consumerProperties(kafka, "ws-edge-replay-" + CLIENTS.incrementAndGet()));
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, CALL);
        if (infos == null || infos.isEmpty()) {
            throw new UnavailableException("topic " + topic + " does not exist", null);
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private static void done(KafkaConsumer<String, byte[]> c, List<TopicPartition> open, TopicPartition tp) {
        open.remove(tp);
        c.pause(List.of(tp));
    }

    private static LiveIncident parse(ConsumerRecord<String, byte[]> r) {
        try {
            return LiveIncident.fromRecord(r.value(), r.partition(), r.offset(), r.timestamp());
        } catch (RuntimeException e) {
            log.warn("skipping {}-{}@{}: not a reconciled incident: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    /**
     * The versions of one window: each partition read from its first record after the window's
     * start, the partitions merged by append time (then partition). A version is handed out only
     * once every partition still being read has one buffered, so none can come later that belongs
     * before it; a partition whose buffer is full is paused until it drains.
     */
    private static final class TopicVersions implements Versions {

        private static final int BUFFER_PER_PARTITION = 500;

        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<TopicPartition, Long> end;
        private final Map<TopicPartition, ArrayDeque<LiveIncident>> buffers = new HashMap<>();
        private final List<TopicPartition> open;
        private final long afterMs;
        private final long untilMs;
        private final long stopMs;
        private boolean closed;

        TopicVersions(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
                      Map<TopicPartition, Long> end, long afterMs, long untilMs) {
            this.consumer = consumer;
            this.end = end;
            this.open = new ArrayList<>(partitions);
            this.afterMs = afterMs;
            this.untilMs = untilMs;
            this.stopMs = untilMs + SLACK.toMillis();
            partitions.forEach(tp -> buffers.put(tp, new ArrayDeque<>()));
            checkEnds();
        }

        @Override
        public List<LiveIncident> next(int max, Duration wait) {
            if (closed) {
                return List.of();
            }
            if (!open.isEmpty() && open.stream().anyMatch(tp -> buffers.get(tp).isEmpty())) {
                read(wait);
            }
            List<LiveIncident> out = new ArrayList<>();
            while (out.size() < max) {
                TopicPartition first = null;
                for (var e : buffers.entrySet()) {
                    ArrayDeque<LiveIncident> b = e.getValue();
                    if (b.isEmpty()) {
                        if (open.contains(e.getKey())) {
                            return out; // this partition may yet hold an earlier version
                        }
                        continue;
                    }
                    if (first == null || earlier(b.peekFirst(), buffers.get(first).peekFirst())) {
                        first = e.getKey();
                    }
                }
                if (first == null) {
                    break;
                }
                out.add(buffers.get(first).pollFirst());
            }
            resumeDrained();
            return out;
        }

        private static boolean earlier(LiveIncident a, LiveIncident b) {
            return a.appendTime() < b.appendTime() || a.appendTime() == b.appendTime() && a.partition() < b.partition();
        }

        private void read(Duration wait) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (!open.contains(tp)) {
                    continue;
                }
                if (r.timestamp() > stopMs) {
                    open.remove(tp);
                    consumer.pause(List.of(tp));
                } else if (r.timestamp() > afterMs && r.timestamp() <= untilMs && r.value() != null) {
                    LiveIncident version = parse(r);
                    if (version != null) {
                        buffers.get(tp).addLast(version);
                    }
                }
            }
            checkEnds();
            for (TopicPartition tp : open) {
                if (buffers.get(tp).size() >= BUFFER_PER_PARTITION) {
                    consumer.pause(List.of(tp));
                }
            }
        }

        private void checkEnds() {
            for (TopicPartition tp : List.copyOf(open)) {
                if (consumer.position(tp, CALL) >= end.get(tp)) {
                    open.remove(tp);
                    consumer.pause(List.of(tp));
                }
            }
        }

        private void resumeDrained() {
            List<TopicPartition> resume = new ArrayList<>();
            for (TopicPartition tp : open) {
                if (buffers.get(tp).size() < BUFFER_PER_PARTITION / 2 && consumer.paused().contains(tp)) {
                    resume.add(tp);
                }
            }
            if (!resume.isEmpty()) {
                consumer.resume(resume);
            }
        }

        @Override
        public boolean exhausted() {
            return open.isEmpty() && buffers.values().stream().allMatch(ArrayDeque::isEmpty);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                consumer.close();
            }
        }
    }
}
