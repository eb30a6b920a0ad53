package io.incidentfeeds.e2e.bench;

import io.incidentfeeds.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where an update's time goes, hop by hop, as the benchmark's own consumers see it: a
 * {@code read_uncommitted} consumer on {@code incidents.raw} notes when each edit's raw record was
 * appended (the Connect worker's produce), a {@code read_committed} consumer on
 * {@code incidents.reconciled} when the version it produced became visible (the processor's
 * transaction committed). Both key what they see by the edit's timestamp, which the benchmark set to
 * the edit's scheduled publish time and the reconciled version carries as
 * {@code reconciliation.event_time}. Record timestamps alone could not show the processor's hop: a
 * reconciled version carries its raw record's timestamp.
 *
 * <p>{@link #split} divides each console receipt of a phase into publish -> raw append -> visible
 * -> console: the same receipts in every hop, so the hops' means add up to the total's.
 */
final class HopTimes implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    /** One phase's receipts divided into hops (microseconds); {@code unmatched}: receipts a consumer did not see. */
    record Split(Histogram toRaw, Histogram toVisible, Histogram toConsole, Histogram total, long unmatched) {

        static final List<String> HOPS = List.of("MQTT publish -> raw append", "raw append -> reconciled visible",
                "visible -> console receipt", "total");

        List<Histogram> all() {
            return List.of(toRaw, toVisible, toConsole, total);
        }
    }

    /** Console receipts of edits scheduled within a phase's window: pairs of (event, receipt) epoch microseconds. */
    static final class Receipts {
        private long[] pairs = new long[1 << 16];
        private int size;

        synchronized void add(long eventMicros, long receiptMicros) {
            if (size + 2 > pairs.length) {
                pairs = java.util.Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[size++] = eventMicros;
            pairs[size++] = receiptMicros;
        }

        synchronized long[] snapshot() {
            return java.util.Arrays.copyOf(pairs, size);
        }
    }

    private final Map<Long, Long> appended = new ConcurrentHashMap<>();
    private final Map<Long, Long> visible = new ConcurrentHashMap<>();
    private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final CountDownLatch positioned = new CountDownLatch(2);
    private volatile boolean running = true;

    /** @param client the Kafka client properties to read with (bootstrap servers; TLS and a credential on a secured broker) */
    HopTimes(Properties client) throws InterruptedException {
        start(client, Topics.RAW, "read_uncommitted", "\"timestamp\"", appended);
        start(client, Topics.RECONCILED, "read_committed", "\"event_time\"", visible);
        if (!positioned.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the hop consumers did not reach the topics' ends within 2 minutes");
        }
    }

    private void start(Properties client, String topic, String isolation, String key, Map<Long, Long> seen) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // The broker answers a waiting fetch as soon as records (or, read_committed, a commit) arrive;
        // a short wait only bounds how late a sighting can be if it did not.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-hops-" + topic);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumers.add(consumer);
        Thread reader = new Thread(() -> read(consumer, topic, key, seen), "hops-" + topic);
        reader.setDaemon(true);
        readers.add(reader);
        reader.start();
    }

    private void read(KafkaConsumer<byte[], byte[]> consumer, String topic, String key, Map<Long, Long> seen) {
        try (consumer) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofMinutes(1)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                long now = LatencyConsoles.micros(Instant.now());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    long event = eventMicros(record.value(), key);
                    if (event >= 0) {
                        seen.putIfAbsent(event, now);
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() woke it
        }
    }

    /** The instant after {@code key} in a JSON document, epoch microseconds; -1 if absent (tombstones, bad records). */
    static long eventMicros(byte[] value, String key) {
        if (value == null) {
            return -1;
        }
        String json = new String(value, StandardCharsets.ISO_8859_1);
        int at = json.indexOf(key);
        int open = at < 0 ? -1 : json.indexOf('"', at + key.length());
        int close = open < 0 ? -1 : json.indexOf('"', open + 1);
        if (close < 0) {
            return -1;
        }
        try {
            return LatencyConsoles.micros(Instant.parse(json.substring(open + 1, close)));
        } catch (DateTimeParseException notAnInstant) {
            return -1;
        }
    }

    /** Divides a phase's console receipts into hops, then forgets what the consumers saw up to now. */
    Split split(Receipts receipts) {
        Histogram[] h = new Histogram[4];
        for (int i = 0; i < h.length; i++) {
            h[i] = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
        }
        long unmatched = 0;
        long[] pairs = receipts.snapshot();
        for (int i = 0; i < pairs.length; i += 2) {
            long event = pairs[i];
            long receipt = pairs[i + 1];
            Long raw = appended.get(event);
            Long shown = visible.get(event);
            if (raw == null || shown == null) {
                unmatched++;
                continue;
            }
            h[0].recordValue(Math.max(0, raw - event));
            h[1].recordValue(Math.max(0, shown - raw));
            h[2].recordValue(Math.max(0, receipt - shown));
            h[3].recordValue(Math.max(0, receipt - event));
        }
        appended.clear();
        visible.clear();
        return new Split(h[0], h[1], h[2], h[3], unmatched);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread reader : readers) {
            reader.join(10_000);
        }
    }
}
