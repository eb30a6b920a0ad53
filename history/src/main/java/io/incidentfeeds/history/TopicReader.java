package io.incidentfeeds.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One consumer with partitions assigned (no group, nothing committed), committed records only
 * (read_committed), every broker call bounded by the timeout: ranges of offsets read in offset order.
 * The history's own reads use it, and so do tools that read other topics the same way (after-action's
 * {@code KafkaSource}). A broker that does not answer is a {@link HistoryException} ({@code UNREACHABLE}).
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final String bootstrap;

    /** {@code client}: bootstrap.servers and any TLS/SASL or consumer settings. */
    public TopicReader(Properties client, Duration timeout) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "history");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a start already deleted by retention: the first held
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // asking for a topic never creates it
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
        this.bootstrap = String.valueOf(client.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** The topic's partitions in order; empty when it does not exist. */
    public List<TopicPartition> partitions(String topic) {
        try {
            var infos = consumer.partitionsFor(topic, timeout);
            return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        } catch (TimeoutException e) {
            throw unreachable();
        }
    }

    public Map<TopicPartition, Long> beginnings(List<TopicPartition> partitions) {
        try {
            return consumer.beginningOffsets(partitions, timeout);
        } catch (TimeoutException e) {
            throw unreachable();
        }
    }

    public Map<TopicPartition, Long> ends(List<TopicPartition> partitions) {
        try {
            return consumer.endOffsets(partitions, timeout);
        } catch (TimeoutException e) {
            throw unreachable();
        }
    }

    /**
     * Per partition, the first offset whose record is stamped at or after {@code timeMs} (every record
     * before it is stamped earlier), or {@code otherwise}'s when there is none.
     */
    public Map<TopicPartition, Long> offsetsForTime(List<TopicPartition> partitions, long timeMs, Map<TopicPartition, Long> otherwise) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(tp -> times.put(tp, timeMs));
        Map<TopicPartition, OffsetAndTimestamp> found = firstAtOrAfter(times);
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach(tp -> out.put(tp, found.get(tp) == null ? otherwise.get(tp) : found.get(tp).offset()));
        return out;
    }

    /**
     * Per partition, the first record stamped at or after its own time in {@code times}: its offset and
     * its timestamp, in one request for all the partitions; a partition with none is absent.
     */
    public Map<TopicPartition, OffsetAndTimestamp> firstAtOrAfter(Map<TopicPartition, Long> times) {
        try {
            Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
            consumer.offsetsForTimes(times, timeout).forEach((tp, found) -> {
                if (found != null) {
                    out.put(tp, found);
                }
            });
            return out;
        } catch (TimeoutException e) {
            throw unreachable();
        }
    }

    /**
     * Hands {@code sink} the records of each partition from {@code from} up to (not including) {@code to},
     * in offset order per partition; a partition ends early when {@code sink} returns false for one of its records.
     * The read makes progress while the positions move: records handed over, or transaction markers and
     * aborted records skipped (a long aborted stretch is not a silent broker); a timeout with no move is
     * an unreachable broker.
     */
    public void read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, Predicate<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Long> stop = new HashMap<>(to);
        List<TopicPartition> open = new ArrayList<>();
        from.forEach((tp, start) -> {
            if (start < stop.get(tp)) {
                open.add(tp);
            }
        });
        consumer.assign(open);
        open.forEach(tp -> consumer.seek(tp, from.get(tp)));
        long deadline = System.nanoTime() + timeout.toNanos();
        long positions = -1;
        try {
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < stop.get(tp) && !sink.test(r)) {
                        stop.put(tp, r.offset());
                    }
                }
                long now = 0;
                for (TopicPartition tp : open) {
                    now += consumer.position(tp, timeout);
                }
                open.removeIf(tp -> consumer.position(tp, timeout) >= stop.get(tp));
                consumer.pause(consumer.assignment().stream().filter(tp -> !open.contains(tp)).toList());
                if (now != positions) {
                    positions = now;
                    deadline = System.nanoTime() + timeout.toNanos();
                } else if (System.nanoTime() > deadline) {
                    throw unreachable();
                }
            }
        } catch (TimeoutException e) {
            throw unreachable();
        } finally {
            consumer.assign(List.of());
        }
    }

    /** The consumer itself, for a reader that polls as it goes ({@link VersionStream}). */
    KafkaConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    Duration timeout() {
        return timeout;
    }

    HistoryException unreachable() {
        return new HistoryException(HistoryException.Kind.UNREACHABLE, "no Kafka broker answered at " + bootstrap + " within "
                + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        consumer.close();
    }
}
