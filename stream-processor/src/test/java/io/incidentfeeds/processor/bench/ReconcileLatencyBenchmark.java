package io.incidentfeeds.processor.bench;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.processor.reconcile.EditWorkload;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.testsupport.InJvmKafkaBroker;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Process-to-output latency of the whole processor (validate, normalize, reconcile) at a fixed
 * input rate: edits of {@link EditWorkload} are produced to the raw topic at {@code --rate}
 * records/s, and a {@code read_committed} consumer of the reconciled topic takes, for every version
 * it receives, the time from when the edit that produced it was due to be sent (found through the
 * version's {@code reconciliation.source}) to its receipt, both on this JVM's monotonic clock. From
 * the due time rather than the actual send, so that a producer falling behind shows as latency
 * (no coordinated omission). Edits that emit nothing (unchanged, duplicate) have no sample.
 *
 * <p>A processor started cold in front of a steady rate falls behind while its JIT warms up, and
 * on a busy machine takes a while to drain that backlog. So besides the measured seconds, the
 * run reports from which second on it was live (every version within 1 s) and the latency from
 * then on. Not a test: commands in docs/benchmarks/stream-processor.md.
 *
 * <pre>
 * --rate R                records/s (default 2000)
 * --seconds S             measured seconds (default 60), after
 * --warmup-seconds W      seconds at the same rate not measured (default 20)
 * --incidents N           distinct incidents (default 10000)
 * --concurrent F          share of concurrent edits (default 0.2)
 * --partitions P          partitions of every topic (default 6)
 * --commit-interval-ms C  Kafka Streams' commit.interval.ms (default 25, the processor's default)
 * --linger-ms L           the raw producer's linger.ms (default 0: one request per edit, which at
 *                         thousands a second costs the broker on this machine more than the
 *                         processor does; a connector under load sends batches, as 5 does)
 * --timeline true         also print, for every second of the schedule, the versions read and
 *                         their median and worst latency (to see when a backlog began and drained)
 * --bootstrap H:P         an external broker instead of an in-JVM one
 * </pre>
 *
 * HdrHistogram comes with Micrometer (a runtime dependency of the processor).
 */
public final class ReconcileLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        BenchSupport.Options options = BenchSupport.options(args);
        int rate = options.integer("rate", 2000);
        int seconds = options.integer("seconds", 60);
        int warmupSeconds = options.integer("warmup-seconds", 20);
        int incidents = options.integer("incidents", 10_000);
        double concurrent = options.decimal("concurrent", 0.2);
        String partitions = options.text("partitions", "6");
        String commitInterval = options.text("commit-interval-ms", "25");
        int lingerMs = options.integer("linger-ms", 0);
        boolean timeline = options.get("timeline") != null;
        String external = options.get("bootstrap");
        KafkaBroker broker = external != null ? () -> external : InJvmKafkaBroker.start();
        String id = KafkaBroker.uniqueName("latency");
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
        settings.put("kafka.application.id", id);
        settings.put("kafka.state.dir", Files.createTempDirectory(id).toString());
        settings.put("kafka.commit.interval.ms", commitInterval);
        settings.put("topics.raw", id + ".raw");
        settings.put("topics.dlq", id + ".dlq");
        settings.put("topics.reconciled", id + ".reconciled");
        settings.put("topics.history", id + ".history");
        settings.put("topics.conflicts", id + ".conflicts");
        settings.put("topics.partitions", partitions);
        BenchProcessor processor = new BenchProcessor(settings);
        String reconciled = processor.config.topics().reconciled();

        int total = rate * (warmupSeconds + seconds);
        long[] due = new long[total];
        int allSeconds = warmupSeconds + seconds;
        // By the second of the schedule the edit was due in; written by the reader thread only.
        Histogram[] bySecond = new Histogram[allSeconds];
        for (int second = 0; second < allSeconds; second++) {
            bySecond[second] = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
        }
        Map<Long, Integer> sentByPosition = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong versions = new AtomicLong();
        try {
            processor.streams.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (processor.streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread reader = new Thread(() -> read(broker, reconciled, Integer.parseInt(partitions), stop, (position, receivedAt) -> {
                Integer index = sentByPosition.get(position);
                if (index == null) {
                    return false; // the producer's callback has not run yet: try again later
                }
                versions.incrementAndGet();
                Histogram h = bySecond[index / rate];
                h.recordValue(Math.min(h.getHighestTrackableValue(), Math.max(0, receivedAt - due[index])));
                return true;
            }), "latency-reader");
            reader.start();
            long behind = produce(broker, processor.config.topics().raw(), rate, lingerMs, total, incidents, concurrent, due, sentByPosition);
            Thread.sleep(Math.max(3_000, 10 * Long.parseLong(commitInterval)));
            stop.set(true);
            reader.join();
            System.out.printf(Locale.ROOT, "%,d records at %,d records/s (%d s warm-up + %d s measured; producer at most %.1f ms behind "
                            + "schedule, linger.ms=%d), %,d versions read; %d incidents, %.0f%% concurrent, %s partitions, commit.interval.ms=%s, "
                            + "1 stream thread, exactly_once_v2, %d cores%n", total, rate, warmupSeconds, seconds, behind / 1e6, lingerMs,
                    versions.get(), incidents, concurrent * 100, partitions, commitInterval, Runtime.getRuntime().availableProcessors());
            print("latency over the measured seconds", bySecond, warmupSeconds, allSeconds);
            // A cold processor (JIT, caches) falls behind at first and catches up: from which second
            // on was it live, and what is the latency from then on?
            int caughtUp = allSeconds;
            while (caughtUp > 0 && bySecond[caughtUp - 1].getMaxValue() < TimeUnit.SECONDS.toNanos(1)) {
                caughtUp--;
            }
            if (caughtUp == allSeconds) {
                System.out.printf(Locale.ROOT, "caught up: never within the run's %d s (the last second's versions were read over 1 s late)%n",
                        allSeconds);
            } else {
                System.out.printf(Locale.ROOT, "caught up: from second %d of %d on, every version was read within 1 s of its edit's due time%n",
                        caughtUp, allSeconds);
                print("latency once caught up (seconds " + caughtUp + " to " + allSeconds + ")", bySecond, caughtUp, allSeconds);
            }
            if (timeline) {
                for (int second = 0; second < allSeconds; second++) {
                    System.out.printf(Locale.ROOT, "  second %3d%s: %,6d versions, p50 %,8.1f ms, worst %,8.1f ms%n", second,
                            second < warmupSeconds ? " (warm-up)" : "", bySecond[second].getTotalCount(), ms(bySecond[second], 50),
                            bySecond[second].getMaxValue() / 1e6);
                }
            }
        } finally {
            stop.set(true);
            processor.streams.close(Duration.ofSeconds(30));
            if (broker instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** Percentiles over the seconds {@code from} (inclusive) to {@code to} of the schedule. */
    private static void print(String what, Histogram[] bySecond, int from, int to) {
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
        for (int second = from; second < to; second++) {
            all.add(bySecond[second]);
        }
        System.out.printf(Locale.ROOT, "%s, %,d versions: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n", what,
                all.getTotalCount(), ms(all, 50), ms(all, 90), ms(all, 99), ms(all, 99.9), all.getMaxValue() / 1e6);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    /** Sends {@code total} edits on a fixed schedule; returns how far behind it the producer fell at worst (ns). */
    private static long produce(KafkaBroker broker, String topic, int rate, int lingerMs, int total, int incidents, double concurrent,
                                long[] due, Map<Long, Integer> sentByPosition) {
        Properties props = broker.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs); // counted in the latency: it runs from the due time
        // Edit times start now and advance with the schedule, so they pass validation's window.
        EditWorkload workload = new EditWorkload(42, "INC-LATENCY", incidents, concurrent, Instant.now(), Duration.ofNanos(1_000_000_000L / rate));
        long behind = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            for (int i = 0; i < total; i++) {
                EditWorkload.Raw r = workload.next();
                due[i] = start + i * 1_000_000_000L / rate;
                long now;
                while ((now = System.nanoTime()) < due[i]) {
                    LockSupport.parkNanos(due[i] - now);
                }
                behind = Math.max(behind, now - due[i]);
                int index = i;
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), r.key(),
                        r.payload(), r.headers()), (metadata, e) -> {
                            if (e != null) {
                                throw new IllegalStateException("send refused", e);
                            }
                            sentByPosition.put(position(metadata.partition(), metadata.offset()), index);
                        });
            }
        }
        return behind;
    }

    private static long position(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    /** Called with a version's source position and receipt time; false to be called again later. */
    private interface Sample {
        boolean take(long position, long receivedAt);
    }

    private static void read(KafkaBroker broker, String topic, int partitions, AtomicBoolean stop, Sample sample) {
        Properties props = broker.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10); // the broker answers at once when it has records anyway
        List<long[]> waiting = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (!stop.get()) {
                var records = consumer.poll(Duration.ofMillis(20));
                long receivedAt = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.value() == null) {
                        continue; // a forgotten incident
                    }
                    SourcePosition source = ReconciledIncident.fromJson(record.value()).reconciliation().source();
                    long position = position(source.partition(), source.offset());
                    if (!sample.take(position, receivedAt)) {
                        waiting.add(new long[] {position, receivedAt});
                    }
                }
                waiting.removeIf(w -> sample.take(w[0], w[1]));
            }
        }
    }

}
