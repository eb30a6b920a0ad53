package io.incidentfeeds.e2e.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bare Kafka's own end-to-end latency on the pipeline's broker: one producer ({@code acks=all},
 * {@code linger.ms=0}) sends records of the telemetry's size at the given rate to a topic with the
 * pipeline's partition count, one consumer polls them; latency is from each record's scheduled send
 * time (as for the pipeline, so a sender that falls behind counts against it) to its receipt. The
 * topic has the broker's default replication, as the pipeline's topics do (3 with
 * {@code kafka.nodes=3}, so each send waits for the replicas in sync). On a secured broker ({@code kafka.secure=true}) both sign in as the admin over SASL_SSL, as the
 * pipeline's services do as their own principals.
 */
final class KafkaBaseline {

    private KafkaBaseline() {
    }

    /** @param client the Kafka client properties of every client here (bootstrap servers; TLS and a credential on a secured broker) */
    static Histogram run(Properties client, double rate, Duration warmup, Duration measure, int payloadBytes) throws Exception {
        String topic = "bench.baseline-" + System.nanoTime();
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(3), java.util.Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p)).toList();
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
        long t0 = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long from = t0 + warmup.toNanos();
        long to = from + measure.toNanos();
        AtomicBoolean stop = new AtomicBoolean();
        Thread consumer = new Thread(() -> consume(client, partitions, latency, from, to, stop), "baseline-consumer");
        consumer.start();

        Properties producerProps = new Properties();
        producerProps.putAll(client);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            long count = (long) ((to - t0) / 1e9 * rate);
            for (long i = 0; i < count; i++) {
                long due = Schedule.awaitDue(t0, i, rate);
                byte[] value = new byte[payloadBytes];
                ByteBuffer.wrap(value).putLong(due);
                // Keys like the raw topic's (one per agency and incident type): the same spread over partitions.
                producer.send(new ProducerRecord<>(topic, "incident/agency-" + (i % 12) + "/telemetry", value));
            }
            producer.flush();
        }
        Thread.sleep(2_000);
        stop.set(true);
        consumer.join(30_000);
        synchronized (latency) {
            return latency.copy();
        }
    }

    private static void consume(Properties client, List<TopicPartition> partitions, Histogram latency, long from, long to,
                                AtomicBoolean stop) {
        Properties props = new Properties();
        props.putAll(client);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    long due = ByteBuffer.wrap(record.value()).getLong();
                    if (due >= from && due < to) {
                        synchronized (latency) {
                            latency.recordValue(Math.max(0, (now - due) / 1_000));
                        }
                    }
                }
            }
        }
    }
}
