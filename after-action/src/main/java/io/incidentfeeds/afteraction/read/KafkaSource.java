package io.incidentfeeds.afteraction.read;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.history.HistoryException;
import io.incidentfeeds.history.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the topics directly: one consumer per topic, its partitions assigned (no group, no offsets
 * committed), each partition read from the first offset at or after a start time
 * ({@code offsetsForTimes}) to the end offset captured before reading, so a read always ends even
 * while the pipeline keeps writing. Committed records only, as every consumer of the pipeline reads
 * them.
 *
 * <p>Every broker call is bounded by the timeout: an unreachable broker is an error within it, never
 * a hang.
 */
public final class KafkaSource {

    private final Properties client;
    private final Duration timeout;

    /** {@code client}: bootstrap.servers and any TLS/SASL settings. */
    public KafkaSource(Properties client, Duration timeout) {
        this.client = new Properties();
        this.client.putAll(client);
        this.timeout = timeout;
        String ms = Long.toString(timeout.toMillis());
        this.client.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        this.client.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    }

    /** Checks that the broker answers and that every topic exists: their partition counts. */
    public Map<String, Integer> describe(Collection<String> topics) {
        Map<String, Integer> partitions = new HashMap<>();
        Admin admin = Admin.create(client);
        try {
            for (var e : admin.describeTopics(topics).topicNameValues().entrySet()) {
                try {
                    TopicDescription d = e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    partitions.put(e.getKey(), d.partitions().size());
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new ReviewException(ExitCode.UNKNOWN_TOPIC, "topic '" + e.getKey()
                                + "' does not exist on " + bootstrap() + " (rename topics with --raw-topic, --reconciled-topic, --history-topic, --dlq-topic, --conflicts-topic)");
                    }
                    if (ex.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                        throw unreachable();
                    }
                    throw new ReviewException(ExitCode.INTERNAL, "cannot describe topic " + e.getKey() + ": " + ex.getCause(), ex.getCause());
                } catch (TimeoutException ex) {
                    throw unreachable();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReviewException(ExitCode.INTERNAL, "interrupted");
        } finally {
            admin.close(Duration.ofSeconds(1)); // an unreachable broker's pending calls are not waited for
        }
        return partitions;
    }

    /** Whether the topic exists (an unreachable broker is still an error). */
    public boolean exists(String topic) {
        try {
            describe(List.of(topic));
            return true;
        } catch (ReviewException e) {
            if (e.code() == ExitCode.UNKNOWN_TOPIC) {
                return false;
            }
            throw e;
        }
    }

    private ReviewException unreachable() {
        return new ReviewException(ExitCode.BROKER_UNREACHABLE, "no Kafka broker answered at " + bootstrap() + " within "
                + timeout.toSeconds() + " s (--bootstrap, --client-config, --timeout)");
    }

    private String bootstrap() {
        return String.valueOf(client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    /**
     * The oldest instant the topic still holds when records have been deleted from it (a partition
     * whose first offset is above 0): the smallest timestamp of the first record of such partitions.
     * Null when nothing was ever deleted, or no partition has a record.
     */
    public Instant oldestRetained(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Long oldest = null;
            for (TopicPartition tp : partitions) {
                if (first.get(tp) > 0 && first.get(tp) < end.get(tp)) {
                    Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(Map.of(tp, 0L), timeout);
                    OffsetAndTimestamp o = at.get(tp);
                    if (o != null && (oldest == null || o.timestamp() < oldest)) {
                        oldest = o.timestamp();
                    }
                }
            }
            return oldest == null ? null : Instant.ofEpochMilli(oldest);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable();
        }
    }

    /**
     * Hands {@code sink} every record of {@code topic} stamped within {@code [from, to]} (from null:
     * since the start), in offset order per partition: each partition is read from the first record
     * stamped at or after {@code from} ({@code offsetsForTimes}: every record before it is stamped
     * earlier) to its end offset captured now. Not only up to the first record stamped after
     * {@code to}: in the topics the processor writes, records are stamped with the raw record's time,
     * and an edit that took the repartition hop is written among later ones; and the commit markers of
     * transactions carry the broker's wall-clock time, so {@code offsetsForTimes} can point at a
     * marker ahead of records still inside the window.
     */
    public void read(String topic, Instant from, Instant to, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        long first = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        long last = to.toEpochMilli();
        read(topic, from, null, record -> {
            if (record.timestamp() >= first && record.timestamp() <= last) {
                sink.accept(record);
            }
            return true;
        });
    }

    /**
     * Hands {@code sink} each partition's prefix up to {@code to}: its records from the start up to,
     * not including, the first record stamped after {@code to} (or its end offset captured now).
     */
    public void readPrefix(String topic, Instant to, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        long last = to.toEpochMilli();
        read(topic, null, null, record -> {
            if (record.timestamp() > last) {
                return false;
            }
            sink.accept(record);
            return true;
        });
    }

    /**
     * As {@link #readPrefix}, each partition from {@code start}'s offset for it (its start when absent):
     * the records from there up to, not including, the first one stamped after {@code to}.
     */
    public void readPrefixFrom(String topic, Map<Integer, Long> start, Instant to, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        long last = to.toEpochMilli();
        read(topic, null, start, record -> {
            if (record.timestamp() > last) {
                return false;
            }
            sink.accept(record);
            return true;
        });
    }

    /** Per partition of {@code topic}, the first offset of a record stamped at or after {@code time}; its end offset when none is. */
    public Map<Integer, Long> offsetsForTime(String topic, Instant time) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
            Map<Integer, Long> out = new HashMap<>();
            consumer.offsetsForTimes(query, timeout).forEach((tp, found) -> out.put(tp.partition(), found == null ? end.get(tp) : found.offset()));
            return out;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable();
        }
    }

    /** Hands {@code sink} every record of {@code topic} up to its end offset captured now. */
    public void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        read(topic, null, null, record -> {
            sink.accept(record);
            return true;
        });
    }

    /**
     * Reads from {@code from} (null: the start), or from {@code offsets} where given, to the end offsets; a
     * partition ends early when {@code sink} returns false.
     */
    private void read(String topic, Instant from, Map<Integer, Long> offsets, java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> sink) {
        Properties props = new Properties();
        props.putAll(client);
        props.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.remove(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "after-action");
        try (TopicReader reader = new TopicReader(props, timeout)) {
            List<TopicPartition> partitions = reader.partitions(topic);
            if (partitions.isEmpty()) {
                throw new ReviewException(ExitCode.UNKNOWN_TOPIC, "topic '" + topic + "' does not exist on " + bootstrap());
            }
            Map<TopicPartition, Long> stop = reader.ends(partitions);
            Map<TopicPartition, Long> start = new HashMap<>(from == null ? reader.beginnings(partitions)
                    : reader.offsetsForTime(partitions, from.toEpochMilli(), stop));
            if (offsets != null) {
                partitions.forEach(tp -> start.put(tp, Math.max(start.get(tp), offsets.getOrDefault(tp.partition(), start.get(tp)))));
            }
            reader.read(start, stop, sink); // a partition is done at the first record sink refuses
        } catch (HistoryException e) {
            throw unreachable();
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        var infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new ReviewException(ExitCode.UNKNOWN_TOPIC, "topic '" + topic + "' does not exist on " + bootstrap());
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).sorted(
                java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.putAll(client);
        props.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.remove(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "after-action");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
