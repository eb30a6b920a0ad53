package io.incidentfeeds.afteraction.bench;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.simulator.scenario.Agency;
import io.incidentfeeds.simulator.scenario.ScenarioConfig;
import io.incidentfeeds.simulator.scenario.ScenarioGenerator;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import io.incidentfeeds.testsupport.InJvmKafkaBroker;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Every figure of issue 25's benchmark from one data set and one processor run: CPU per raw record,
 * peak heap and wall time of {@code as-of --known-at} the last record as analysts run it (from the
 * processor's checkpoints), of the same with {@code --from-start}, and of a {@code timeline} over the
 * whole data, beside the live processor's over the same raw records; the two as-ofs' wall times are
 * the late as-of's time with and without checkpoints. Each process is a JVM of its own
 * ({@link Measured}) with the same heap bound; each round runs the four in turn. The processor writes
 * checkpoints every tenth of the written span of append time ({@code checkpoint.interval}), so about
 * ten per task lie in the data. Not a test: run by hand (docs/benchmarks/after-action.md).
 *
 * <pre>
 * --records N     raw records written (default 1000000), by the field simulator's generator
 *                 (ScenarioGenerator: the Bay Area's five agencies, 10% concurrent, 2% duplicates,
 *                 2% out of order, 5% bad), keyed and headed as the connector writes them
 * --active N      incidents alive at once in the generator (default 2000)
 * --partitions P  partitions of every topic (default 6)
 * --rounds R      rounds of processor, as-of, as-of --from-start, timeline (default 3)
 * --checkpoints N checkpoints in the data: checkpoint.interval is the written span / N (default 10);
 *                 as-of's --hop-margin is that interval / 12 (the defaults' ratio: PT5M to PT1H)
 * --heap H        -Xmx of every measured JVM (default 512m)
 * --threads T     the commands' --threads (default: the cores)
 * --memory M      the commands' --memory (default 256m)
 * --event-time B true: each round also runs as-of --event-time the last record, from checkpoints and
 *                 --from-start (default false)
 * --profile DIR   a JFR recording of round 1's commands into DIR (as-of.jfr, as-of-from-start.jfr, timeline.jfr)
 * --plot FILE     the medians as a PNG bar chart
 * --bootstrap H:P an external broker instead of one in this JVM
 * </pre>
 *
 * The raw topic is on LogAppendTime, as the processor creates it. Every processor run is a fresh
 * application id with topics of its own (checkpoints included); the commands read round 1's. A
 * command's records are the raw records (the timeline reads the four topics: more records, reported
 * beside). Round 1's commands' summaries on stderr (the cross-check's result among them) are printed.
 */
public final class AfterActionBenchmark {

    /** The rows, in the order each round runs them; the processor's first (the reference). */
    private static final List<String> ROWS = List.of("live processor", "as-of --known-at (checkpoints)", "as-of --known-at --from-start",
            "timeline (all)");

    /** With {@code --event-time true}, after those. */
    private static final List<String> EVENT_TIME_ROWS = List.of("as-of --event-time (checkpoints)", "as-of --event-time --from-start");

    record Figures(int status, long cpuNanos, long wallNanos, long liveHeap) {

        double cpuMicrosPer(long records) {
            return cpuNanos / 1000.0 / records;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int records = Integer.parseInt(options.getOrDefault("records", "1000000"));
        int active = Integer.parseInt(options.getOrDefault("active", "2000"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "6"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        String heap = options.getOrDefault("heap", "512m");
        String threads = options.getOrDefault("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String memory = options.getOrDefault("memory", "256m");
        String profile = options.get("profile");
        int checkpoints = Integer.parseInt(options.getOrDefault("checkpoints", "10"));
        boolean eventTime = Boolean.parseBoolean(options.getOrDefault("event-time", "false"));
        List<String> rows = new ArrayList<>(ROWS);
        if (eventTime) {
            rows.addAll(EVENT_TIME_ROWS);
        }
        String external = options.get("bootstrap");
        KafkaBroker broker = external != null ? () -> external : InJvmKafkaBroker.start();
        Path work = Files.createTempDirectory("after-action-bench");
        try {
            String raw = broker.createTopic(KafkaBroker.uniqueName("bench-raw"), partitions, Map.of(
                    "message.timestamp.type", "LogAppendTime", "retention.ms", "-1"));
            Instant[] span = new Instant[2];
            long incidents = produce(broker, raw, records, active, span);
            Duration interval = Duration.ofMillis(Math.max(12, Duration.between(span[0], span[1]).toMillis() / checkpoints));
            Duration hopMargin = interval.dividedBy(12);
            System.out.printf(Locale.ROOT, "%,d raw records of %,d incidents written to %s (%d partitions), %s to %s; checkpoint.interval %s, "
                    + "as-of --hop-margin %s%n", records, incidents, raw, partitions, span[0], span[1], interval, hopMargin);
            List<Figures[]> results = new ArrayList<>();
            String[] first = null;
            for (int round = 1; round <= rounds; round++) {
                String[] topics = {raw, raw + "-dlq-" + round, raw + "-reconciled-" + round, raw + "-history-" + round, raw + "-conflicts-" + round,
                        raw + "-checkpoints-" + round};
                Figures processor = processor(broker, work, topics, partitions, heap, interval, round);
                if (first == null) {
                    first = topics;
                }
                List<String> connection = List.of("--bootstrap", broker.bootstrapServers(), "--raw-topic", first[0], "--dlq-topic", first[1],
                        "--reconciled-topic", first[2], "--history-topic", first[3], "--conflicts-topic", first[4], "--checkpoints-topic", first[5],
                        "--threads", threads, "--memory", memory, "--spill-dir", work.toString(), "--quiet", "--timeout", "60");
                List<String> jvm = profile != null && round == 1 ? List.of("-XX:StartFlightRecording=filename=" + profile + "/%s.jfr,settings=profile") : List.of();
                List<String> asOf = new ArrayList<>(List.of("as-of", "--known-at", TelemetryCodec.formatTimestamp(span[1]), "--format", "ndjson",
                        "--hop-margin", hopMargin.toString()));
                asOf.addAll(connection);
                Figures asOfRun = measured(work, heap, jvm, "as-of", "after-action", asOf);
                asOf.add("--from-start");
                Figures fromStartRun = measured(work, heap, jvm, "as-of-from-start", "after-action", asOf);
                List<String> timeline = new ArrayList<>(List.of("timeline", "--from", TelemetryCodec.formatTimestamp(span[0].minusSeconds(60)), "--to",
                        TelemetryCodec.formatTimestamp(span[1].plusSeconds(60)), "--format", "ndjson"));
                timeline.addAll(connection);
                Figures timelineRun = measured(work, heap, jvm, "timeline", "after-action", timeline);
                List<Figures> runs = new ArrayList<>(List.of(processor, asOfRun, fromStartRun, timelineRun));
                if (eventTime) {
                    List<String> asOfEventTime = new ArrayList<>(List.of("as-of", "--event-time", TelemetryCodec.formatTimestamp(span[1]), "--format",
                            "ndjson", "--hop-margin", hopMargin.toString()));
                    asOfEventTime.addAll(connection);
                    runs.add(measured(work, heap, jvm, "event-time", "after-action", asOfEventTime));
                    asOfEventTime.add("--from-start");
                    runs.add(measured(work, heap, jvm, "event-time-from-start", "after-action", asOfEventTime));
                }
                Figures[] row = runs.toArray(Figures[]::new);
                results.add(row);
                StringBuilder line = new StringBuilder("round " + round + ":");
                for (int i = 0; i < row.length; i++) {
                    line.append(String.format(Locale.ROOT, "%s %s %.1f us CPU/record (ratio %.2f, %.1f s, heap after GC %d MiB)", i == 0 ? "" : ";",
                            rows.get(i), row[i].cpuMicrosPer(records), row[i].cpuMicrosPer(records) / processor.cpuMicrosPer(records),
                            row[i].wallNanos() / 1e9, row[i].liveHeap() >> 20));
                }
                System.out.println(line);
                if (round == 1) {
                    for (String name : eventTime ? List.of("as-of", "as-of-from-start", "timeline", "event-time", "event-time-from-start")
                            : List.of("as-of", "as-of-from-start", "timeline")) {
                        summaries(work.resolve(name + ".log")).forEach(l -> System.out.println("  " + name + ": " + l));
                    }
                }
            }
            Map<String, Double> medians = summary(rows, results, records, threads, heap, memory, partitions);
            if (options.get("plot") != null) {
                AfterActionPlot.write(Path.of(options.get("plot")), String.format(Locale.ROOT,
                        "µs of CPU per raw record, median of %d rounds (%,d records, %s threads)", rounds, records, threads), medians);
            }
        } finally {
            if (broker instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** The lines of a command's stderr that sum it up (what it read, the cross-check, what it spilled). */
    private static List<String> summaries(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("known at") || l.startsWith("event time") || l.startsWith("cross-check") || l.contains(" events of ")
                || l.startsWith("spilled")).map(l -> l.length() > 240 ? l.substring(0, 240) + "..." : l).toList();
    }

    private static Map<String, Double> summary(List<String> rows, List<Figures[]> results, int records, String threads, String heap,
                                               String memory, int partitions) {
        String[] names = rows.toArray(String[]::new);
        Map<String, Double> medians = new LinkedHashMap<>();
        double processorCpu = median(results.stream().mapToDouble(r -> r[0].cpuMicrosPer(records)).toArray());
        for (int i = 0; i < names.length; i++) {
            int k = i;
            double cpu = median(results.stream().mapToDouble(r -> r[k].cpuMicrosPer(records)).toArray());
            double ratio = median(results.stream().mapToDouble(r -> r[k].cpuMicrosPer(records) / r[0].cpuMicrosPer(records)).toArray());
            double wall = median(results.stream().mapToDouble(r -> r[k].wallNanos() / 1e9).toArray());
            double peak = results.stream().mapToDouble(r -> r[k].liveHeap() / 1048576.0).max().orElse(0);
            medians.put(names[i], cpu);
            System.out.printf(Locale.ROOT, "median: %s %.1f us CPU/record (ratio to the processor %.2f; processor %.1f), %.1f s, heap after GC at most %.0f MiB%n",
                    names[i], cpu, ratio, processorCpu, wall, peak);
        }
        double late = median(results.stream().mapToDouble(r -> r[1].wallNanos() / 1e9).toArray());
        double lateFromStart = median(results.stream().mapToDouble(r -> r[2].wallNanos() / 1e9).toArray());
        System.out.printf(Locale.ROOT, "late as-of (the last record's instant): %.1f s from the checkpoints, %.1f s from the start (ratio %.2f; medians)%n",
                late, lateFromStart, late / lateFromStart);
        System.out.printf(Locale.ROOT, "%d rounds, %,d raw records, %d partitions, commands --threads %s --memory %s, -Xmx%s, %d cores%n",
                results.size(), records, partitions, threads, memory, heap, Runtime.getRuntime().availableProcessors());
        return medians;
    }

    /** The live processor over the raw topic, writing to {@code topics}' others, in a JVM of its own. */
    static Figures processor(KafkaBroker broker, Path work, String[] topics, int partitions, String heap, Duration interval, int round)
            throws IOException, InterruptedException {
        Properties settings = new Properties();
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
        settings.put("kafka.application.id", "bench-processor-" + topics[0] + "-" + round);
        settings.put("kafka.state.dir", Files.createTempDirectory(work, "state").toString());
        settings.put("kafka.auto.offset.reset", "earliest");
        settings.put("topics.raw", topics[0]);
        settings.put("topics.dlq", topics[1]);
        settings.put("topics.reconciled", topics[2]);
        settings.put("topics.history", topics[3]);
        settings.put("topics.conflicts", topics[4]);
        settings.put("topics.checkpoints", topics[5]);
        settings.put("checkpoint.interval", interval.toString());
        settings.put("topics.partitions", Integer.toString(partitions));
        settings.put("http.port", "-1");
        Path file = work.resolve("processor-" + round + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            settings.store(out, "after-action benchmark, round " + round);
        }
        return measured(work, heap, List.of(), "processor", "processor", List.of(file.toString()));
    }

    static Figures measured(Path work, String heap, List<String> jvm, String name, String mode, List<String> args)
            throws IOException, InterruptedException {
        Path result = work.resolve(name + ".result");
        Files.deleteIfExists(result);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        jvm.forEach(option -> command.add(String.format(option, name)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Measured.class.getName(), result.toString(), mode));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
        int exit = process.waitFor();
        if (exit != 0 || !Files.exists(result)) {
            throw new IllegalStateException(name + " exited with " + exit + "; see " + work.resolve(name + ".log"));
        }
        long[] f = Arrays.stream(Files.readString(result).trim().split(" ")).mapToLong(Long::parseLong).toArray();
        return new Figures((int) f[0], f[1], f[2], f[3]);
    }

    /** The generator's messages as the connector writes them: keyed by incident, mqtt.* headers. The incidents' count. */
    static long produce(KafkaBroker broker, String raw, int records, int active, Instant[] span) throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ScenarioGenerator generator = new ScenarioGenerator(new ScenarioConfig(25, start, 20_000, active, 0.10, 0.02, 0.02, 0.05,
                Agency.bayArea()));
        Properties props = broker.clientProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Set<String> incidents = new HashSet<>();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                SimulatedMessage m = generator.next();
                if (m.incidentId() != null) {
                    incidents.add(m.incidentId());
                }
                RecordHeaders headers = new RecordHeaders();
                headers.add(MqttHeaders.TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
                headers.add(MqttHeaders.QOS, "1".getBytes(StandardCharsets.UTF_8));
                headers.add(MqttHeaders.RECEIVED_AT, MqttHeaders.receivedAt(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(raw, null, RawRecordKey.of(m.topic(), m.payload()).getBytes(StandardCharsets.UTF_8),
                        m.payload(), headers), (metadata, e) -> {
                            if (e != null) {
                                failed.compareAndSet(null, e);
                            } else {
                                first.accumulateAndGet(metadata.timestamp(), Math::min);
                                last.accumulateAndGet(metadata.timestamp(), Math::max);
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        span[0] = Instant.ofEpochMilli(first.get());
        span[1] = Instant.ofEpochMilli(last.get());
        return incidents.size();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("an option, not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
