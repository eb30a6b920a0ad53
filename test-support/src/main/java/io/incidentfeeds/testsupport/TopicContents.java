package io.incidentfeeds.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything in a topic right now: every partition read once from the beginning to its current end
 * offset. Not a live reader: records written after the call are not waited for.
 */
public final class TopicContents {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private TopicContents() {
    }

    /** Committed records only, as every consumer of the pipeline reads them. */
    public static List<ConsumerRecord<byte[], byte[]>> committed(String bootstrapServers, String topic, Duration timeout) {
        return committed(bootstrapOnly(bootstrapServers), topic, timeout);
    }

    /** {@link #committed(String, String, Duration)} within 30 s. */
    public static List<ConsumerRecord<byte[], byte[]>> committed(String bootstrapServers, String topic) {
        return committed(bootstrapServers, topic, DEFAULT_TIMEOUT);
    }

    /**
     * Committed records only, read with {@code client}'s properties (bootstrap servers and, on a
     * secured broker, its TLS settings and credential).
     */
    public static List<ConsumerRecord<byte[], byte[]>> committed(Properties client, String topic, Duration timeout) {
        return read(client, topic, IsolationLevel.READ_COMMITTED, timeout);
    }

    /** Also the records of open and aborted transactions, within 30 s. */
    public static List<ConsumerRecord<byte[], byte[]>> uncommittedToo(String bootstrapServers, String topic) {
        return read(bootstrapOnly(bootstrapServers), topic, IsolationLevel.READ_UNCOMMITTED, DEFAULT_TIMEOUT);
    }

    private static Properties bootstrapOnly(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(Properties client, String topic, IsolationLevel isolation,
                                                             Duration timeout) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            if (!caughtUp(consumer, end)) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
            }
        }
        return records;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
