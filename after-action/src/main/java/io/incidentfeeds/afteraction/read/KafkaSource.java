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
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads the topics directly: partitions assigned (no group, no offsets committed), shared among up
 * to {@code threads} consumers on threads of their own, each partition read from the first offset at or after a start time
 * ({@code offsetsForTimes}) to the end offset captured before reading, so a read always ends even
 * while the pipeline keeps writing. Committed records only, as every consumer of the pipeline reads
 * them. Records of one partition reach their sink in offset order, from one thread.
 *
 * <p>Every broker call is bounded by the timeout: an unreachable broker is an error within it, never
 * a hang.
 */
public final class KafkaSource {

    private final Properties client;
    private final Duration timeout;
    private final int threads;
    private final Progress progress;

    /** {@code client}: bootstrap.servers and any TLS/SASL settings. One reading thread, no progress line. */
    public KafkaSource(Properties client, Duration timeout) {
        this(client, timeout, 1, Progress.NONE);
    }

    /** As {@link #KafkaSource(Properties, Duration)}, partitions read by up to {@code threads} consumers at once, counted in {@code progress}. */
    public KafkaSource(Properties client, Duration timeout, int threads, Progress progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        this.client = new Properties();
        this.client.putAll(client);
        this.timeout = timeout;
        this.threads = threads;
        this.progress = progress;
        String ms = Long.toString(timeout.toMillis());
        this.client.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        this.client.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    }

    /** How many threads read a topic's partitions. */
    public int threads() {
        return threads;
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
        return withReader(reader -> {
            List<TopicPartition> partitions = partitions(reader, topic);
            Map<TopicPartition, Long> first = reader.beginnings(partitions);
            Map<TopicPartition, Long> end = reader.ends(partitions);
            Map<TopicPartition, Long> cut = new HashMap<>();
            for (TopicPartition tp : partitions) {
                if (first.get(tp) > 0 && first.get(tp) < end.get(tp)) {
                    cut.put(tp, 0L);
                }
            }
            Long oldest = null;
            for (OffsetAndTimestamp o : cut.isEmpty() ? List.<OffsetAndTimestamp>of() : reader.firstAtOrAfter(cut).values()) {
                if (oldest == null || o.timestamp() < oldest) {
                    oldest = o.timestamp();
                }
            }
            return oldest == null ? null : Instant.ofEpochMilli(oldest);
        });
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

    /**
     * Per partition given in {@code times}, the first offset of a record of {@code topic} stamped at or
     * after that partition's instant; its end offset when none is. One request for all of them.
     */
    public Map<Integer, Long> offsetsForTimes(String topic, Map<Integer, Instant> times) {
        return withReader(reader -> {
            Map<TopicPartition, Long> query = new HashMap<>();
            times.forEach((p, t) -> query.put(new TopicPartition(topic, p), t.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = query.isEmpty() ? Map.of() : reader.firstAtOrAfter(query);
            Map<TopicPartition, Long> end = query.isEmpty() ? Map.of() : reader.ends(List.copyOf(query.keySet()));
            Map<Integer, Long> out = new HashMap<>();
            query.keySet().forEach(tp -> out.put(tp.partition(), found.containsKey(tp) ? found.get(tp).offset() : end.get(tp)));
            return out;
        });
    }

    /** Hands {@code sink} every record of {@code topic} up to its end offset captured now. */
    public void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        read(topic, null, null, record -> {
            sink.accept(record);
            return true;
        });
    }

    /**
     * As {@link #read(String, Instant, Instant, Consumer)}, each partition's records to its own sink
     * ({@code sinks} is asked for it once, with the partition's number, before the read), called from
     * one reading thread only, in offset order; partitions are read in parallel.
     */
    public void readPartitions(String topic, Instant from, Instant to, IntFunction<Consumer<ConsumerRecord<byte[], byte[]>>> sinks) {
        long first = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        long last = to.toEpochMilli();
        readEach(topic, from, null, partition -> {
            Consumer<ConsumerRecord<byte[], byte[]>> sink = sinks.apply(partition);
            return record -> {
                if (record.timestamp() >= first && record.timestamp() <= last) {
                    sink.accept(record);
                }
                return true;
            };
        });
    }

    /** As {@link #readPrefix}, each partition's prefix to its own sink, as {@link #readPartitions} does. */
    public void readPrefixPartitions(String topic, Instant to, IntFunction<Consumer<ConsumerRecord<byte[], byte[]>>> sinks) {
        long last = to.toEpochMilli();
        readEach(topic, null, null, partition -> {
            Consumer<ConsumerRecord<byte[], byte[]>> sink = sinks.apply(partition);
            return record -> {
                if (record.timestamp() > last) {
                    return false;
                }
                sink.accept(record);
                return true;
            };
        });
    }

    /**
     * Reads from {@code from} (null: the start), or from {@code offsets} where given, to the end offsets
     * into one sink, never called by two threads at once.
     */
    private void read(String topic, Instant from, Map<Integer, Long> offsets, Predicate<ConsumerRecord<byte[], byte[]>> sink) {
        Object lock = new Object();
        readEach(topic, from, offsets, partition -> record -> {
            synchronized (lock) {
                return sink.test(record);
            }
        });
    }

    /**
     * Reads each partition from {@code from} (null: the start), or from {@code offsets} where given
     * (null: none), to its end offset captured now, the partitions shared among up to {@code threads}
     * consumers, each on a thread of its own; a partition ends early when its sink returns false. Every
     * sink is called by one thread, in offset order.
     */
    private void readEach(String topic, Instant from, Map<Integer, Long> offsets, IntFunction<Predicate<ConsumerRecord<byte[], byte[]>>> sinks) {
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<TopicPartition, Long> stop = new HashMap<>();
        List<TopicPartition> open = new ArrayList<>();
        withReader(reader -> {
            List<TopicPartition> partitions = partitions(reader, topic);
            stop.putAll(reader.ends(partitions));
            start.putAll(from == null ? reader.beginnings(partitions) : reader.offsetsForTime(partitions, from.toEpochMilli(), stop));
            if (offsets != null) {
                partitions.forEach(tp -> start.put(tp, Math.max(start.get(tp), offsets.getOrDefault(tp.partition(), start.get(tp)))));
            }
            for (TopicPartition tp : partitions) {
                if (start.get(tp) < stop.get(tp)) {
                    open.add(tp);
                }
            }
            return null;
        });
        progress.reading(topic, open.stream().mapToLong(tp -> stop.get(tp) - start.get(tp)).sum());
        Map<TopicPartition, Predicate<ConsumerRecord<byte[], byte[]>>> sinkOf = new HashMap<>();
        open.forEach(tp -> sinkOf.put(tp, sinks.apply(tp.partition())));
        int readers = Math.min(threads, open.size());
        List<List<TopicPartition>> shares = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < open.size(); i++) {
            shares.get(i % readers).add(open.get(i));
        }
        Parallel.run("read-" + topic, readers, readers, i -> readAssigned(shares.get(i), start, stop, sinkOf));
    }

    /** One consumer reading {@code partitions} from {@code start} to {@code stop}. */
    private void readAssigned(List<TopicPartition> partitions, Map<TopicPartition, Long> start, Map<TopicPartition, Long> until,
                              Map<TopicPartition, Predicate<ConsumerRecord<byte[], byte[]>>> sinkOf) {
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> to = new HashMap<>();
        partitions.forEach(tp -> {
            from.put(tp, start.get(tp));
            to.put(tp, until.get(tp));
        });
        withReader(reader -> {
            reader.read(from, to, record -> {
                progress.read(1);
                return sinkOf.get(new TopicPartition(record.topic(), record.partition())).test(record);
            });
            return null;
        });
    }

    /** The topic's partitions in order; a topic that does not exist is an error. */
    private List<TopicPartition> partitions(TopicReader reader, String topic) {
        List<TopicPartition> partitions = reader.partitions(topic);
        if (partitions.isEmpty()) {
            throw new ReviewException(ExitCode.UNKNOWN_TOPIC, "topic '" + topic + "' does not exist on " + bootstrap());
        }
        return partitions;
    }

    /**
     * {@code work} with a consumer of the history module's ({@link TopicReader}: read_committed, partitions
     * assigned, every call bounded by the timeout), closed after; its unanswered calls are an unreachable broker.
     */
    private <T> T withReader(Function<TopicReader, T> work) {
        Properties props = new Properties();
        props.putAll(client);
        props.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.remove(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "after-action");
        try (TopicReader reader = new TopicReader(props, timeout)) {
            return work.apply(reader);
        } catch (HistoryException e) {
            throw unreachable();
        }
    }
}
