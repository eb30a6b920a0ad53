package io.incidentfeeds.afteraction.bench;

import io.incidentfeeds.afteraction.cli.AfterAction;
import io.incidentfeeds.processor.app.StreamProcessor;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.testsupport.InJvmKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * A late {@code as-of --known-at} (or, with {@code --question event-time}, {@code --event-time}) with and without the
 * processor's checkpoints, on one raw topic:
 * {@code --records} edits (default 200,000) of {@code --incidents} incidents (default 20,000) by three
 * agencies, 100 ms apart in record time, processed by the real stream processor with
 * {@code checkpoint.interval} ({@code --interval}, default PT1H); then, alternated {@code --rounds}
 * times (default 3), the picture at the last record's instant from the checkpoints and
 * {@code --from-start}: wall time and the CPU time of the thread running the command, and their
 * ratio in the same run. Not a test: run by hand (after-action/docs/checkpoints.md).
 */
public final class LateAsOfBenchmark {

    private static final int PARTITIONS = 6;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int records = Integer.parseInt(options.getOrDefault("records", "200000"));
        int incidents = Integer.parseInt(options.getOrDefault("incidents", "20000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        String interval = options.getOrDefault("interval", "PT1H");
        String question = options.getOrDefault("question", "known-at");
        if (!List.of("known-at", "event-time").contains(question)) {
            throw new IllegalArgumentException("--question known-at or event-time: " + question);
        }
        try (InJvmKafkaBroker kafka = InJvmKafkaBroker.start()) {
            String raw = kafka.createTopic("raw", PARTITIONS);
            List<String> topics = new ArrayList<>();
            for (String name : List.of("dlq", "reconciled", "history", "conflicts", "checkpoints")) {
                topics.add(kafka.createTopic(name, PARTITIONS, name.equals("reconciled") ? Map.of("cleanup.policy", "compact") : Map.of()));
            }
            Instant last = publish(kafka, raw, records, incidents);
            long started = System.nanoTime();
            process(kafka, raw, interval);
            System.out.printf(Locale.ROOT, "processed %,d records in %.1f s%n", records, (System.nanoTime() - started) / 1e9);
            List<String> command = List.of("as-of", "--bootstrap", kafka.bootstrapServers(), "--raw-topic", raw, "--dlq-topic", topics.get(0),
                    "--reconciled-topic", topics.get(1), "--history-topic", topics.get(2), "--conflicts-topic", topics.get(3),
                    "--checkpoints-topic", topics.get(4), "--" + question, TelemetryCodec.formatTimestamp(last), "--format", "ndjson",
                    "--timeout", "60");
            double[][] fromCheckpoints = new double[rounds][];
            double[][] fromStart = new double[rounds][];
            run(command, false); // warm-up, untimed
            for (int r = 0; r < rounds; r++) {
                fromCheckpoints[r] = run(command, false);
                fromStart[r] = run(command, true);
            }
            report("from checkpoints", fromCheckpoints);
            report("--from-start", fromStart);
            System.out.printf(Locale.ROOT, "ratio from checkpoints / from start: wall %.2f, CPU %.2f%n",
                    median(fromCheckpoints, 0) / median(fromStart, 0), median(fromCheckpoints, 1) / median(fromStart, 1));
        }
    }

    /** {wall s, CPU s of this thread}; prints the command's stderr summary. */
    private static double[] run(List<String> command, boolean fromStart) {
        List<String> args = new ArrayList<>(command);
        if (fromStart) {
            args.add("--from-start");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AfterAction.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        int status = cli.execute(args.toArray(String[]::new));
        double[] took = {(System.nanoTime() - wall) / 1e9, (threads.getCurrentThreadCpuTime() - cpu) / 1e9};
        String summary = err.toString().lines().filter(l -> l.startsWith("known at") || l.startsWith("event time") || l.startsWith("cross-check"))
                .map(l -> l.length() > 220 ? l.substring(0, 220) + "..." : l).reduce((a, b) -> a + "\n    " + b).orElse(err.toString());
        System.out.printf(Locale.ROOT, "  %s: %.1f s wall, %.1f s CPU, exit %d%n    %s%n", fromStart ? "--from-start" : "checkpoints", took[0],
                took[1], status, summary);
        return took;
    }

    private static void report(String name, double[][] runs) {
        System.out.printf(Locale.ROOT, "%s: median %.1f s wall, %.1f s CPU (of %d runs)%n", name, median(runs, 0), median(runs, 1), runs.length);
    }

    private static double median(double[][] runs, int column) {
        double[] values = Arrays.stream(runs).mapToDouble(r -> r[column]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /** The edits, keyed as the connector keys them; the last one's record time. */
    private static Instant publish(InJvmKafkaBroker kafka, String raw, int records, int incidents) {
        Instant t0 = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        Random random = new Random(42);
        String[] agencies = {"sffd", "calfire", "smcfire"};
        long[][] sequence = new long[incidents][agencies.length];
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        Instant at = t0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                at = t0.plusMillis(100L * i);
                int n = random.nextInt(incidents);
                int a = random.nextInt(agencies.length);
                long seq = ++sequence[n][a];
                String topic = "incident/" + agencies[a] + "/fire/telemetry";
                byte[] payload = ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + (-122.5 + random.nextDouble() * 0.5)
                        + "," + (37.5 + random.nextDouble() * 0.5) + "]},\"properties\":{\"incident_id\":\"INC-LATE-" + n + "\",\"agency_id\":\""
                        + agencies[a] + "\",\"status\":\"active\",\"severity\":\"" + (random.nextBoolean() ? "moderate" : "severe")
                        + "\",\"timestamp\":\"" + TelemetryCodec.formatTimestamp(at) + "\",\"sequence_number\":" + seq + "}}")
                        .getBytes(StandardCharsets.UTF_8);
                RecordHeaders headers = new RecordHeaders();
                headers.add(MqttHeaders.TOPIC, topic.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(raw, null, at.toEpochMilli(), RawRecordKey.of(topic, payload).getBytes(StandardCharsets.UTF_8),
                        payload, headers));
            }
        }
        return at;
    }

    /** Runs the processor until its committed offsets reach the raw topic's end. */
    private static void process(InJvmKafkaBroker kafka, String raw, String interval) throws Exception {
        Properties settings = new Properties();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("kafka.application.id", "late-as-of");
        settings.put("kafka.state.dir", Files.createTempDirectory("late-as-of").toString());
        settings.put("kafka.auto.offset.reset", "earliest");
        settings.put("topics.raw", raw);
        for (String name : List.of("dlq", "reconciled", "history", "conflicts", "checkpoints")) {
            settings.put("topics." + name, name);
        }
        settings.put("topics.partitions", Integer.toString(PARTITIONS));
        settings.put("checkpoint.interval", interval);
        settings.put("http.port", "-1");
        try (StreamProcessor processor = StreamProcessor.start(settings); Admin admin = kafka.admin()) {
            if (!processor.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the processor did not start");
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(raw, p), OffsetSpec.latest());
            }
            var end = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            while (true) {
                var committed = admin.listConsumerGroupOffsets("late-as-of").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                if (end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset())) {
                    return;
                }
                Thread.sleep(1000);
            }
        }
    }
}
