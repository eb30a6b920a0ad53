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
 */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final String bootstrap;

    TopicReader(Properties client, Duration timeout) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "history");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // asking for a topic never creates it
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
        this.bootstrap = String.valueOf(client.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** The topic's partitions in order; empty when it does not exist. */
    List<TopicPartition> partitions(String topic) {
        try {
            var infos = consumer.partitionsFor(topic, timeout);
            return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        } catch (TimeoutException e) {
            throw unreachable();
        }
    }

    Map<TopicPartition, Long> beginnings(List<TopicPartition> partitions) {
        try {
            return consumer.beginningOffsets(partitions, timeout);
        } catch (TimeoutException e) {
            throw unreachable();
        }
    }

    Map<TopicPartition, Long> ends(List<TopicPartition> partitions) {
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
    Map<TopicPartition, Long> offsetsForTime(List<TopicPartition> partitions, long timeMs, Map<TopicPartition, Long> otherwise) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, timeMs));
        Map<TopicPartition, Long> out = new HashMap<>();
        try {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
            partitions.forEach(tp -> out.put(tp, found.get(tp) == null ? otherwise.get(tp) : found.get(tp).offset()));
        } catch (TimeoutException e) {
            throw unreachable();
        }
        return out;
    }

    /**
     * Hands {@code sink} the records of each partition from {@code from} up to (not including) {@code to},
     * in offset order per partition; a partition ends early when {@code sink} returns false for one of its records.
     */
    void read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, Predicate<ConsumerRecord<byte[], byte[]>> sink) {
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
        try {
            while (!open.isEmpty()) {
                boolean progressed = false;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    progressed = true;
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < stop.get(tp) && !sink.test(r)) {
                        stop.put(tp, r.offset());
                    }
                }
                open.removeIf(tp -> consumer.position(tp, timeout) >= stop.get(tp));
                consumer.pause(consumer.assignment().stream().filter(tp -> !open.contains(tp)).toList());
                if (progressed) {
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
