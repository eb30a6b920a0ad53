package io.incidentfeeds.processor.bench;

import com.sun.management.ThreadMXBean;
import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.deadletter.InternalErrorHandler;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.reconcile.EditWorkload;
import io.incidentfeeds.processor.topology.IncidentTopology;
import io.incidentfeeds.processor.topology.TopicNames;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.testsupport.InJvmKafkaBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Throughput of the processor's topology (validate + normalize + the reconciliation step) against
 * a pass-through topology, on one stream thread under exactly-once v2, on the same broker in the
 * same run. Not a test: run it by hand (commands in docs/benchmarks/stream-processor.md).
 *
 * <pre>
 * --records N          records in the raw topic (default 100000)
 * --rounds R           rounds of pass-through then each step in turn (default 5)
 * --warmup W           untimed rounds first, for the JIT (default 1)
 * --partitions P       partitions of every topic (default 6)
 * --reconciliation C   LastStep class, or several separated by commas, each run in every
 *                      round and compared with the pass-through and with the first one
 *                      (default NormalizedEditsTopicStep)
 * --workload W         mix: {@link RecordMix} (80% points, 15% polygons, 5% bad; default);
 *                      edits: {@link EditWorkload}, three agencies editing the same incidents
 * --bayed-perimeters F mix: share of the polygons drawn with a deep bay, not star-shaped (default 0)
 * --incidents N        edits: distinct incidents (default 10000)
 * --concurrent F       edits: share of edits made without the other agencies' latest (default 0.2)
 * --raw-key K          incident: raw records keyed as the connector keys them (RawRecordKey; default);
 *                      mqtt-topic: as producers before RawRecordKey keyed them, so every edit takes the repartition hop
 * --settings K=V,...   processor settings for every run, over the defaults (e.g.
 *                      kafka.incidentfeeds.rocksdb.memory.bytes=8388608)
 * --bootstrap H:P      an external broker instead of an in-JVM one
 * </pre>
 *
 * Each run is a fresh application id reading the same raw records from the start; its time runs
 * from Kafka Streams reaching RUNNING until the group's committed offsets reach the end of every
 * topic it reads (the raw topic and any repartition topic), i.e. until its last transaction is
 * committed. Records/s = raw records / that time. Alongside, the CPU time the application's own
 * threads used (the stream thread, its producer's sender, its consumer's heartbeat: every thread
 * named after the application id; not the broker), per record: on a machine shared with other
 * work, wall-clock rates swing with the load, CPU per record much less. And the bytes those threads
 * allocated per record, which the load does not move at all: the steadiest of the three where two
 * versions of a step are compared.
 */
public final class TopologyThroughputBenchmark {

    private final KafkaBroker broker;
    private final int partitions;
    private final String raw;
    private final int records;
    private final Map<String, String> extraSettings;
    private int runs;

    private TopologyThroughputBenchmark(KafkaBroker broker, int partitions, int records, Map<String, String> extraSettings) {
        this.broker = broker;
        this.partitions = partitions;
        this.records = records;
        this.extraSettings = extraSettings;
        this.raw = broker.createTopic(KafkaBroker.uniqueName("bench.raw"), partitions, ANY_TIMESTAMP);
    }

    /**
     * The workloads' record times are fixed (reproducible records): a day of them can run past the
     * wall clock, and since Kafka 4.0 a broker refuses timestamps more than an hour ahead
     * ({@code log.message.timestamp.after.max.ms}); a week after that day they are older than the
     * default retention (seven days), and the broker's first retention check, 30 s after it starts,
     * deletes them from under the run (a round then never finishes). Every topic of the benchmark,
     * internal ones too, accepts and keeps them; outputs keep their input's record time.
     */
    static final Map<String, String> ANY_TIMESTAMP = Map.of(
            "message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE),
            "retention.ms", "-1");

    public static void main(String[] args) throws Exception {
        BenchSupport.Options options = BenchSupport.options(args);
        int records = options.integer("records", 100_000);
        int rounds = options.integer("rounds", 5);
        int warmup = options.integer("warmup", 1);
        int partitions = options.integer("partitions", 6);
        List<LastStep> steps = new ArrayList<>();
        for (String name : options.text("reconciliation", NormalizedEditsTopicStep.class.getName()).split(",")) {
            steps.add(Class.forName(name.trim()).asSubclass(LastStep.class).getConstructor().newInstance());
        }
        Supplier<Raw> workload = workload(options);
        String external = options.get("bootstrap");
        KafkaBroker broker = external != null ? () -> external : InJvmKafkaBroker.start();
        try {
            TopologyThroughputBenchmark bench = new TopologyThroughputBenchmark(broker, partitions, records, settings(options.get("settings")));
            bench.produce(workload);
            for (int round = 1; round <= warmup; round++) {
                bench.passThrough();
                for (LastStep step : steps) {
                    bench.processor(step);
                }
                System.out.printf(Locale.ROOT, "warm-up round %d done%n", round);
            }
            List<Run[]> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Run[] runs = new Run[steps.size() + 1];
                runs[0] = bench.passThrough();
                for (int i = 0; i < steps.size(); i++) {
                    runs[i + 1] = bench.processor(steps.get(i));
                }
                results.add(runs);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d: pass-through %,.0f records/s (%.1f us CPU/record, %.1f kB allocated/record)",
                        round, runs[0].rate(), runs[0].cpuMicrosPerRecord(), runs[0].kilobytesPerRecord()));
                for (int i = 0; i < steps.size(); i++) {
                    Run run = runs[i + 1];
                    line.append(String.format(Locale.ROOT, "; %s %,.0f records/s (%.1f us CPU/record, %.1f kB allocated/record), ratio %.2f (CPU %.2f)",
                            name(steps.get(i)), run.rate(), run.cpuMicrosPerRecord(), run.kilobytesPerRecord(), run.rate() / runs[0].rate(),
                            runs[0].cpuMicrosPerRecord() / run.cpuMicrosPerRecord()));
                }
                System.out.println(line);
            }
            for (int i = 0; i < steps.size(); i++) {
                summary(results, 0, i + 1, "pass-through", name(steps.get(i)));
                if (i > 0) {
                    summary(results, 1, i + 1, name(steps.get(0)), name(steps.get(i)));
                }
            }
            System.out.printf(Locale.ROOT, "%d rounds, %d records (%s, raw key %s), %d partitions, 1 stream thread, exactly_once_v2, %d cores%s%n",
                    rounds, records, options.text("workload", "mix"), options.text("raw-key", "incident"), partitions,
                    Runtime.getRuntime().availableProcessors(), options.get("settings") == null ? "" : ", settings " + options.get("settings"));
        } finally {
            if (broker instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** Median, min and max over the rounds of run {@code b}'s rate over run {@code a}'s, by the wall clock and by CPU per record. */
    private static void summary(List<Run[]> results, int a, int b, String aName, String bName) {
        double[] ratios = results.stream().mapToDouble(r -> r[b].rate() / r[a].rate()).sorted().toArray();
        double[] cpuRatios = results.stream().mapToDouble(r -> r[a].cpuMicrosPerRecord() / r[b].cpuMicrosPerRecord()).sorted().toArray();
        double[] rates = results.stream().mapToDouble(r -> r[b].rate()).sorted().toArray();
        double[] cpu = results.stream().mapToDouble(r -> r[b].cpuMicrosPerRecord()).sorted().toArray();
        double[] allocated = results.stream().mapToDouble(r -> r[b].kilobytesPerRecord()).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s / %s: median ratio %.2f (min %.2f, max %.2f); by CPU per record %.2f (min %.2f, max %.2f); "
                        + "%s median %,.0f records/s, %.1f us CPU/record, %.1f kB allocated/record%n", bName, aName, median(ratios), ratios[0],
                ratios[ratios.length - 1], median(cpuRatios), cpuRatios[0], cpuRatios[cpuRatios.length - 1], bName, median(rates), median(cpu),
                median(allocated));
    }

    private static String name(LastStep step) {
        return step.getClass().getSimpleName();
    }

    /** A raw record as the connector writes it, from either workload. */
    private record Raw(byte[] key, byte[] payload, Headers headers, long timestamp) {
    }

    private static Supplier<Raw> workload(BenchSupport.Options options) {
        String kind = options.text("workload", "mix");
        String keying = options.text("raw-key", "incident");
        if (!keying.equals("incident") && !keying.equals("mqtt-topic")) {
            throw new IllegalArgumentException("--raw-key incident or mqtt-topic, not " + keying);
        }
        BiFunction<String, byte[], byte[]> key = (mqttTopic, payload) -> (keying.equals("incident")
                ? RawRecordKey.of(mqttTopic, payload) : mqttTopic).getBytes(StandardCharsets.UTF_8);
        return switch (kind) {
            case "mix" -> {
                RecordMix mix = new RecordMix(42, options.decimal("bayed-perimeters", 0));
                yield () -> {
                    RecordMix.Raw r = mix.next();
                    return new Raw(key.apply(r.mqttTopic(), r.payload()), r.payload(), r.headers(), r.timestamp());
                };
            }
            case "edits" -> {
                EditWorkload edits = EditWorkload.throughputBenchmark(options.integer("incidents", 10_000),
                        options.decimal("concurrent", 0.2));
                yield () -> {
                    EditWorkload.Raw r = edits.next();
                    return new Raw(key.apply(r.mqttTopic(), r.payload()), r.payload(), r.headers(), r.timestamp());
                };
            }
            default -> throw new IllegalArgumentException("--workload mix or edits, not " + kind);
        };
    }

    /** One run: records/s by the wall clock, and the application's CPU time and allocated kilobytes per record. */
    record Run(double rate, double cpuMicrosPerRecord, double kilobytesPerRecord) {
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private void produce(Supplier<Raw> workload) {
        Properties props = broker.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        long bytes = 0;
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                Raw r = workload.get();
                bytes += r.payload().length;
                producer.send(new ProducerRecord<>(raw, null, r.timestamp(), r.key(), r.payload(), r.headers()), (metadata, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records were refused by the broker");
        }
        System.out.printf(Locale.ROOT, "produced %,d records (%,.1f MB of payload) to %s%n", records, bytes / 1e6, raw);
    }

    private Run passThrough() throws Exception {
        String id = "bench-pass-through-" + ++runs;
        String out = broker.createTopic(id + ".out", partitions, ANY_TIMESTAMP);
        return run(id, PassThroughTopology.build(raw, out), null, Map.of());
    }

    private Run processor(LastStep step) throws Exception {
        String id = "bench-processor-" + ++runs;
        TopicNames topics = new TopicNames(raw, create(id + ".dlq"), create(id + ".reconciled"), create(id + ".history"),
                create(id + ".conflicts"));
        String normalized = create(id + ".normalized");
        ProcessorMetrics metrics = ProcessorMetrics.standalone();
        ProcessorConfig config = config(id, topics, create(id + ".checkpoints"));
        IncidentTopology processor = new IncidentTopology(topics, new TelemetryValidator(config.timestampWindow()),
                new EditNormalizer(JurisdictionIndex.load(config.jurisdictionLayer())), metrics, config.all(), partitions);
        Topology topology = LastStep.topology(step, new LastStep.Context(processor, normalized));
        Run run = run(id, topology, metrics, processor.failureStages());
        System.out.printf(Locale.ROOT, "  %s run: %,.0f in, %,.0f out, %,.0f dead-lettered%n", name(step), metrics.inCount(),
                metrics.outCount(), Stream.of(DlqReason.values()).mapToDouble(metrics::deadLetteredCount).sum());
        return run;
    }

    /** {@code key=value,key=value}: the {@code --settings} option; empty without it. */
    private static Map<String, String> settings(String option) {
        Map<String, String> settings = new HashMap<>();
        if (option != null) {
            for (String pair : option.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--settings wants key=value pairs separated by commas, got " + pair);
                }
                settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return settings;
    }

    private String create(String topic) {
        return broker.createTopic(topic, partitions, ANY_TIMESTAMP);
    }

    private ProcessorConfig config(String applicationId, TopicNames topics) throws IOException {
        return config(applicationId, topics, "incidents.checkpoints");
    }

    private ProcessorConfig config(String applicationId, TopicNames topics, String checkpoints) throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
        settings.put("kafka.application.id", applicationId);
        settings.put("kafka.state.dir", Files.createTempDirectory(applicationId).toString());
        settings.put("kafka.num.stream.threads", "1");
        settings.put("kafka.auto.offset.reset", "earliest");
        ANY_TIMESTAMP.forEach((key, value) -> settings.put("kafka." + StreamsConfig.topicPrefix(key), value));
        settings.put("topics.raw", topics.raw());
        settings.put("topics.dlq", topics.dlq());
        settings.put("topics.reconciled", topics.reconciled());
        settings.put("topics.history", topics.history());
        settings.put("topics.conflicts", topics.conflicts());
        settings.put("topics.checkpoints", checkpoints);
        settings.putAll(extraSettings);
        return ProcessorConfig.of(settings);
    }

    /** Runs {@code topology} until every record is processed and committed. */
    private Run run(String applicationId, Topology topology, ProcessorMetrics metrics, Map<String, FailureStage> stages) throws Exception {
        ProcessorConfig config = config(applicationId, TopicNames.defaults());
        Properties props = config.streamsProperties(metrics == null ? ProcessorMetrics.standalone() : metrics);
        props.put(InternalErrorHandler.FAILURE_STAGES, stages);
        Path stateDir = Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG));
        CountDownLatch running = new CountDownLatch(1);
        long[] runningSince = new long[1];
        ThreadUse[] atRunning = new ThreadUse[1];
        try (KafkaStreams streams = new KafkaStreams(topology, props); Admin admin = broker.admin()) {
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING && running.getCount() > 0) {
                    runningSince[0] = System.nanoTime();
                    atRunning[0] = ThreadUse.of(applicationId);
                    running.countDown();
                }
            });
            streams.start();
            if (!running.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(applicationId + " did not reach RUNNING");
            }
            awaitAllCommitted(admin, applicationId, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - runningSince[0]) / 1e9;
            ThreadUse used = ThreadUse.of(applicationId).minus(atRunning[0]);
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30)));
            return new Run(records / seconds, used.cpuNanos() / 1e3 / records, used.allocatedBytes() / 1e3 / records);
        } finally {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** CPU time and allocated bytes so far of the live threads named after the application (stream thread, its clients' threads). */
    private record ThreadUse(long cpuNanos, long allocatedBytes) {

        static ThreadUse of(String applicationId) {
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long cpu = 0;
            long allocated = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().contains(applicationId + "-")) {
                    cpu += Math.max(0, threads.getThreadCpuTime(t.getId()));
                    allocated += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
                }
            }
            return new ThreadUse(cpu, allocated);
        }

        ThreadUse minus(ThreadUse before) {
            return new ThreadUse(cpuNanos - before.cpuNanos, allocatedBytes - before.allocatedBytes);
        }
    }

    private void awaitAllCommitted(Admin admin, String group, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            if (rawFullyCommitted(admin, committed) && allCaughtUp(admin, committed)) {
                return;
            }
            if (System.getenv("BENCH_DEBUG") != null) {
                System.out.println("committed " + committed + " raw end " + BenchSupport.endOffsets(admin, rawPartitions()));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(group + " did not finish within " + timeout);
    }

    private boolean rawFullyCommitted(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
        Map<TopicPartition, Long> end = BenchSupport.endOffsets(admin, rawPartitions());
        return end.entrySet().stream().allMatch(e -> offset(committed, e.getKey()) >= e.getValue());
    }

    private boolean allCaughtUp(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
        Map<TopicPartition, Long> end = BenchSupport.endOffsets(admin, committed.keySet());
        return committed.entrySet().stream().allMatch(e -> e.getValue().offset() >= end.get(e.getKey()));
    }

    /** A partition the group never committed (one that holds no record) counts as offset 0. */
    private static long offset(Map<TopicPartition, OffsetAndMetadata> committed, TopicPartition tp) {
        OffsetAndMetadata o = committed.get(tp);
        return o == null ? 0 : o.offset();
    }

    private List<TopicPartition> rawPartitions() {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(raw, p));
        }
        return tps;
    }


}
