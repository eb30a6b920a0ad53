package io.incidentfeeds.connect.mqtt.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what the connector wrote to its Kafka topic, from the beginning. */
public final class RawTopic {

    private RawTopic() {
    }

    /** What arrived for a set of expected ids. */
    public record Delivery(List<ConsumerRecord<byte[], byte[]>> records, Map<String, Integer> copies) {

        /** Records beyond the first of each id: redeliveries, which at-least-once allows. */
        public int duplicates() {
            return copies.values().stream().mapToInt(c -> c - 1).sum();
        }
    }

    /**
     * Reads until every expected id has arrived at least once; fails, naming some missing ids, if
     * that does not happen within the timeout.
     */
    public static Delivery awaitIds(String bootstrapServers, String topic, Collection<String> expected, Duration timeout) {
        Set<String> missing = new HashSet<>(expected);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record);
                    String id = TelemetryPublisher.idIn(record.value());
                    if (id != null) {
                        copies.merge(id, 1, Integer::sum);
                        missing.remove(id);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError(missing.size() + " of " + expected.size() + " published messages never reached "
                    + topic + " within " + timeout + " (" + records.size() + " records read), e.g. "
                    + new TreeSet<>(missing).stream().limit(5).toList());
        }
        copies.keySet().retainAll(new HashSet<>(expected));
        return new Delivery(records, copies);
    }

    /** Reads until at least {@code count} records arrived (or the timeout), and returns them all. */
    public static List<ConsumerRecord<byte[], byte[]>> awaitCount(String bootstrapServers, String topic, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        if (records.size() < count) {
            throw new AssertionError("only " + records.size() + " of " + count + " records in " + topic + " within " + timeout);
        }
        return records;
    }

    /** The number of records in the topic now (sum of the partitions' end offsets). */
    public static long size(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, topic)) {
            return consumer.endOffsets(consumer.assignment()).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
