package io.incidentfeeds.afteraction.bench;

import io.incidentfeeds.afteraction.cli.AfterAction;
import io.incidentfeeds.processor.app.StreamProcessor;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.testsupport.InJvmKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * CPU per raw record of {@code reprocess} beside the live processor's on the same records, in one
 * JVM with an in-JVM broker: the live processor (StreamProcessor, defaults) over a raw topic until it
 * has committed everything, then {@code reprocess} of the whole topic under a new prefix, alternated
 * {@code runs} times. CPU is that of the threads of the process under test only (sampled every 50 ms):
 * for the live processor every thread named with its application id (stream threads, their clients);
 * for reprocess the same, plus the command's own thread (the completion watch, the listing of incidents,
 * the read-back of the outputs). Not a test: run by hand (docs/reprocess.md#cost).
 *
 * <pre>
 * mvn -B -ntp -o -q -pl after-action -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx1g -cp after-action/target/test-classes:after-action/target/classes:$(cat after-action/target/cp.txt) \
 *     io.incidentfeeds.afteraction.bench.ReprocessBenchmark 20000 3
 * </pre>
 */
public final class ReprocessBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] AGENCIES = {"sffd", "smcfire", "oakfd", "calfire", "ngfire"};

    private ReprocessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path state = Files.createTempDirectory("reprocess-bench");
        try (InJvmKafkaBroker kafka = InJvmKafkaBroker.start()) {
            String raw = kafka.createTopic("bench-raw", 3, Map.of("message.timestamp.type", "LogAppendTime"));
            write(kafka, raw, records);
            List<Double> live = new ArrayList<>();
            List<Double> rerun = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                String liveId = "bench-live-" + run;
                live.add(measure(liveId, () -> processLive(kafka, raw, liveId, state)) / records);
                String prefix = "bench-rerun-" + run + ".";
                rerun.add(measure(prefix, () -> reprocess(kafka, raw, prefix, state)) / records);
                System.out.printf("run %d: live %.1f us/record, reprocess %.1f us/record%n", run, live.get(run - 1), rerun.get(run - 1));
            }
            double l = median(live);
            double r = median(rerun);
            System.out.printf("%d raw records (%d incidents, %d agencies), medians of %d alternated runs: live processor %.1f us CPU/record, "
                    + "reprocess %.1f us CPU/record, ratio %.2f%n", records, records / 10, AGENCIES.length, runs, l, r, r / l);
        }
    }

    /** Ten edits per incident, each incident's by one agency, its clock its own counter. */
    private static void write(InJvmKafkaBroker kafka, String raw, int records) throws Exception {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                int incident = i % (records / 10);
                int seq = i / (records / 10) + 1;
                String agency = AGENCIES[incident % AGENCIES.length];
                String id = "INC-BENCH-" + incident;
                String payload = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + (-122.5 + incident % 100 * 0.003)
                        + "," + (37.6 + seq * 0.001) + "]},\"properties\":{\"incident_id\":\"" + id + "\",\"agency_id\":\"" + agency
                        + "\",\"status\":\"active\",\"severity\":\"" + (seq % 2 == 0 ? "severe" : "moderate") + "\",\"timestamp\":\""
                        + TelemetryCodec.formatTimestamp(Instant.now()) + "\",\"sequence_number\":" + seq + ",\"clock\":{\"" + agency + "\":"
                        + seq + "}}}";
                RecordHeaders headers = new RecordHeaders();
                headers.add(MqttHeaders.TOPIC, ("incident/" + agency + "/fire/telemetry").getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(raw, null, null, id.getBytes(StandardCharsets.UTF_8),
                        payload.getBytes(StandardCharsets.UTF_8), headers));
            }
        }
    }

    /** CPU nanoseconds, in microseconds, of the threads named with {@code name} and the calling thread while {@code work} runs. */
    private static double measure(String name, Supplier<Void> work) throws InterruptedException {
        Map<Long, Long> cpu = new ConcurrentHashMap<>();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample(name, cpu);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long own = THREADS.getCurrentThreadCpuTime();
        work.get();
        long ownUsed = THREADS.getCurrentThreadCpuTime() - own;
        sampler.interrupt();
        sampler.join();
        return (cpu.values().stream().mapToLong(Long::longValue).sum() + ownUsed) / 1e3;
    }

    private static void sample(String name, Map<Long, Long> cpu) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains(name)) {
                long used = THREADS.getThreadCpuTime(t.getId());
                if (used > 0) {
                    cpu.merge(t.getId(), used, Math::max);
                }
            }
        }
    }

    /** The live processor over the raw topic until its committed offsets reach the topic's ends (then closed). */
    private static Void processLive(InJvmKafkaBroker kafka, String raw, String applicationId, Path state) {
        Properties settings = new Properties();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("kafka.application.id", applicationId);
        settings.put("kafka.state.dir", state.toString());
        settings.put("kafka.auto.offset.reset", "earliest");
        settings.put("topics.raw", raw);
        for (String topic : List.of("dlq", "reconciled", "history", "conflicts")) {
            settings.put("topics." + topic, applicationId + ".incidents." + topic);
        }
        settings.put("topics.partitions", "3");
        settings.put("http.port", "-1");
        try (StreamProcessor processor = StreamProcessor.start(settings); Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(raw, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                if (end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue())) {
                    return null;
                }
                if (processor.terminated().isDone()) {
                    throw new IllegalStateException("the live processor stopped");
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Void reprocess(InJvmKafkaBroker kafka, String raw, String prefix, Path state) {
        StringWriter err = new StringWriter();
        var cli = AfterAction.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("reprocess", "--bootstrap", kafka.bootstrapServers(), "--raw-topic", raw, "--prefix", prefix,
                "--state-dir", state.toString(), "--timeout", "30");
        if (status != 0) {
            throw new IllegalStateException("reprocess exited with " + status + ": " + err);
        }
        return null;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
