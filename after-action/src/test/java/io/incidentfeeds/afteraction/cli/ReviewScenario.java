package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.afteraction.read.TopicNames;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.processor.app.StreamProcessor;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.testsupport.TopicContents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * A short multi-agency story written to a raw topic the way the connector writes it (key by incident,
 * mqtt.* headers, the record stamped with the receipt time), processed by the real stream processor
 * until it has committed everything: three incidents in three jurisdictions, a conflict, a deletion,
 * and two submissions the processor dead-letters. Built once per test JVM and shared. Its raw topic
 * keeps the producer's times (CreateTime, as for an archive loaded with topics.raw.timestamp-type=CreateTime),
 * so the story's records are ten seconds apart; the live default, LogAppendTime, is AsOfTest's own case.
 * Public, in the module's test jar, for ws-edge's replay test (its seeks against {@code as-of --known-at}).
 */
public final class ReviewScenario {

    /** One raw record as sent. */
    public record Sent(String mqttTopic, String payload, Instant at) {
        String agency() {
            return mqttTopic.split("/")[1];
        }
    }

    private static ReviewScenario shared;
    private String compacted;

    public final TopicNames topics;
    /** The processor's checkpoints, every 30 s of stream time. */
    public final String checkpoints;
    public final List<Sent> sent = new ArrayList<>();
    final Instant start;
    final String bootstrap;

    private ReviewScenario(KafkaBroker kafka, Path stateDir) throws Exception {
        bootstrap = kafka.bootstrapServers();
        String suffix = KafkaBroker.uniqueName("review");
        topics = new TopicNames(kafka.createTopic("raw-" + suffix, 3), kafka.createTopic("dlq-" + suffix, 3),
                kafka.createTopic("reconciled-" + suffix, 3, Map.of("cleanup.policy", "compact")), kafka.createTopic("history-" + suffix, 3),
                kafka.createTopic("conflicts-" + suffix, 3));
        checkpoints = kafka.createTopic("checkpoints-" + suffix, 3);
        start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        story();
        publish(kafka);
        process(kafka, stateDir);
    }

    public static synchronized ReviewScenario shared(KafkaBroker kafka) throws Exception {
        if (shared == null) {
            shared = new ReviewScenario(kafka, Files.createTempDirectory("after-action-processor"));
        }
        return shared;
    }

    /** The instant of the i-th record sent (ten seconds apart). */
    public Instant at(int i) {
        return start.plusSeconds(10L * i);
    }

    private void story() {
        // INC-AAR-1: a fire in San Francisco, sffd and smcfire; they write severity concurrently (a conflict).
        edit("sffd", "fire", "INC-AAR-1", 1, "{\"sffd\":1}", "active", null, point(-122.42, 37.77));
        edit("smcfire", "fire", "INC-AAR-1", 1, "{\"sffd\":1,\"smcfire\":1}", "active", null, null);
        edit("oakfd", "medical", "INC-AAR-2", 1, "{\"oakfd\":1}", "active", "moderate", point(-122.27, 37.80));
        edit("sffd", "fire", "INC-AAR-1", 2, "{\"sffd\":2,\"smcfire\":1}", "active", null,
                "{\"type\":\"Polygon\",\"coordinates\":[[[-122.43,37.76],[-122.41,37.76],[-122.41,37.78],[-122.43,37.78],[-122.43,37.76]]]}");
        raw("incident/sffd/fire/telemetry", "{\"type\":\"Feature\",\"geometry\":"); // not JSON: dead-lettered
        edit("calfire", "fire", "INC-AAR-3", 1, "{\"calfire\":1}", "active", "severe", point(-122.55, 38.0));
        edit("sffd", "fire", "INC-AAR-1", 3, "{\"sffd\":3,\"smcfire\":1}", "active", "critical", null);
        edit("smcfire", "fire", "INC-AAR-1", 2, "{\"sffd\":1,\"smcfire\":2}", "active", "severe", null);
        edit("oakfd", "medical", "INC-AAR-2", 2, "{\"oakfd\":2}", "contained", null, null);
        // smcfire's payload on sffd's topic: AGENCY_MISMATCH
        raw("incident/sffd/fire/telemetry", payload("smcfire", "INC-AAR-1", 3, "{\"smcfire\":3}", "active", null, null, at(sent.size())));
        edit("calfire", "fire", "INC-AAR-3", 2, "{\"calfire\":2}", "active", "critical", point(-122.56, 38.01));
        edit("oakfd", "medical", "INC-AAR-2", 3, "{\"oakfd\":3}", "resolved", null, null);
        raw("incident/calfire/fire/telemetry", payload("calfire", "INC-AAR-3", 3, "{\"calfire\":3}", "active", null, null, at(sent.size()))
                .replace("\"status\"", "\"op\":\"delete\",\"status\""));
        edit("sffd", "fire", "INC-AAR-1", 4, "{\"sffd\":4,\"smcfire\":2}", "contained", null, null);
    }

    private void edit(String agency, String type, String incident, int seq, String clock, String status, String severity, String geometry) {
        raw("incident/" + agency + "/" + type + "/telemetry", payload(agency, incident, seq, clock, status, severity, geometry, at(sent.size())));
    }

    private static String payload(String agency, String incident, int seq, String clock, String status, String severity, String geometry,
                                  Instant at) {
        return "{\"type\":\"Feature\",\"geometry\":" + (geometry == null ? "null" : geometry) + ",\"properties\":{\"incident_id\":\""
                + incident + "\",\"agency_id\":\"" + agency + "\",\"status\":\"" + status + "\""
                + (severity == null ? "" : ",\"severity\":\"" + severity + "\"") + ",\"timestamp\":\""
                + TelemetryCodec.formatTimestamp(at) + "\",\"sequence_number\":" + seq + ",\"clock\":" + clock + "}}";
    }

    private static String point(double lon, double lat) {
        return "{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}";
    }

    private void raw(String mqttTopic, String payload) {
        sent.add(new Sent(mqttTopic, payload, at(sent.size())));
    }

    private void publish(KafkaBroker kafka) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Sent s : sent) {
                byte[] value = s.payload().getBytes(StandardCharsets.UTF_8);
                RecordHeaders headers = new RecordHeaders();
                headers.add(MqttHeaders.TOPIC, s.mqttTopic().getBytes(StandardCharsets.UTF_8));
                headers.add(MqttHeaders.QOS, "1".getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topics.raw(), null, s.at().toEpochMilli(),
                        RawRecordKey.of(s.mqttTopic(), value).getBytes(StandardCharsets.UTF_8), value, headers)).get();
            }
        }
    }

    /** Runs the live processor until its committed input offsets reach the raw topic's end: all its output is then committed. */
    private void process(KafkaBroker kafka, Path stateDir) throws Exception {
        String applicationId = "processor-" + topics.raw();
        Properties settings = new Properties();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("kafka.application.id", applicationId);
        settings.put("kafka.state.dir", stateDir.toString());
        settings.put("kafka.auto.offset.reset", "earliest");
        settings.put("topics.raw", topics.raw());
        settings.put("topics.dlq", topics.dlq());
        settings.put("topics.reconciled", topics.reconciled());
        settings.put("topics.history", topics.history());
        settings.put("topics.conflicts", topics.conflicts());
        settings.put("topics.checkpoints", checkpoints);
        settings.put("checkpoint.interval", "PT30S");
        settings.put("topics.partitions", "3");
        settings.put("http.port", "-1");
        try (StreamProcessor processor = StreamProcessor.start(settings); Admin admin = kafka.admin()) {
            assertThat(processor.awaitRunning(Duration.ofSeconds(60))).as("processor running").isTrue();
            List<TopicPartition> partitions = List.of(0, 1, 2).stream().map(p -> new TopicPartition(topics.raw(), p)).toList();
            Map<TopicPartition, Long> end = new java.util.HashMap<>();
            admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                if (end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()))) {
                    return;
                }
                assertThat(System.nanoTime()).as("processor caught up within 90 s").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /** The topics a timeline reads: versions from the history. */
    List<String> reviewed() {
        return List.of(topics.raw(), topics.dlq(), topics.history(), topics.conflicts());
    }

    /**
     * A copy of the reconciled topic as the log cleaner leaves it: each incident's last version only
     * (the scenario's own topic is compacted, but the cleaner does not run within a test).
     */
    synchronized String compactedReconciled(KafkaBroker kafka) throws Exception {
        if (compacted == null) {
            String topic = kafka.createTopic("compacted-" + topics.reconciled(), 3);
            Map<String, ConsumerRecord<byte[], byte[]>> last = new java.util.LinkedHashMap<>();
            contents(topics.reconciled()).forEach(r -> last.put(new String(r.key(), StandardCharsets.UTF_8), r));
            copy(kafka, topic, List.copyOf(last.values()));
            compacted = topic;
        }
        return compacted;
    }

    /** A new topic holding {@code records} (key, value, record time), each in its original partition. */
    static String copy(KafkaBroker kafka, String topic, List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(topic, r.partition(), r.timestamp(), r.key(), r.value())).get();
            }
        }
        return topic;
    }

    List<ConsumerRecord<byte[], byte[]>> contents(String topic) {
        return TopicContents.committed(bootstrap, topic);
    }

    /** The options that point the tool at this scenario's broker and topics. */
    List<String> connection() {
        return List.of("--bootstrap", bootstrap, "--raw-topic", topics.raw(), "--dlq-topic", topics.dlq(),
                "--reconciled-topic", topics.reconciled(), "--history-topic", topics.history(), "--conflicts-topic", topics.conflicts(),
                "--checkpoints-topic", checkpoints);
    }

    /** What a run of the command line printed, and its exit status. */
    public record Run(int status, String out, String err) {
    }

    /** Runs {@code bin/after-action <args>} in this JVM. */
    public static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AfterAction.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    /** {@code command}, the scenario's connection options, then {@code more}. */
    public List<String> command(String command, String... more) {
        List<String> all = new ArrayList<>(List.of(command));
        List<String> connection = connection();
        for (int i = 0; i < connection.size(); i += 2) { // an option given in more replaces the scenario's
            if (!List.of(more).contains(connection.get(i))) {
                all.addAll(connection.subList(i, i + 2));
            }
        }
        all.addAll(List.of(more));
        return all;
    }
}
