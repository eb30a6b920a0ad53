package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.afteraction.read.TopicNames;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.deadletter.InternalErrorHandler;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.topology.IncidentTopology;
import io.incidentfeeds.schemas.checkpoint.CheckpointRecord;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.testsupport.TopicContents;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A processor killed while checkpoints are in its open transaction: it commits once, reconciles on
 * across several checkpoint intervals (their chunks sent, not committed), halts and is abandoned; a
 * fresh instance with an empty state directory takes over and writes them again. A read_committed
 * reader sees every checkpoint once and whole (the aborted copies were there, and are not), and the
 * picture from each is the one recomputed from the raw topic's start.
 */
@WithKafka
class CheckpointCrashTest {

    private static final int EDITS = 240;
    private static final int INCIDENTS = 8;
    private static final int COMMIT_AT = 60;
    private static final int HALT_AT = 160;

    @Test
    void checkpointsInAnAbortedTransactionAreNeverSeenAndTheirRewriteGivesTheSamePicture(KafkaBroker kafka, @TempDir Path state)
            throws Exception {
        String suffix = KafkaBroker.uniqueName("checkpoint-crash");
        TopicNames topics = new TopicNames(kafka.createTopic("raw-" + suffix, 3), kafka.createTopic("dlq-" + suffix, 3),
                kafka.createTopic("reconciled-" + suffix, 3, Map.of("cleanup.policy", "compact")), kafka.createTopic("history-" + suffix, 3),
                kafka.createTopic("conflicts-" + suffix, 3));
        String checkpoints = kafka.createTopic("checkpoints-" + suffix, 3);
        Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        publish(kafka, topics.raw(), t0);

        Halt halt = new Halt(COMMIT_AT, HALT_AT);
        Map<String, String> settings = settings(kafka, topics, checkpoints, "processor-" + suffix);
        KafkaStreams first = start(settings, state.resolve("first"), halt, "9000");
        assertThat(halt.halted.await(120, TimeUnit.SECONDS)).as("halted mid-transaction").isTrue();
        assertThat(first.close(Duration.ofSeconds(1))).as("a halted instance cannot shut down cleanly").isFalse();
        KafkaStreams second = start(settings, state.resolve("second"), halt, "500");
        try {
            awaitCommitted(kafka, topics.raw(), "processor-" + suffix);
        } finally {
            halt.release.countDown();
            first.close(Duration.ofSeconds(30));
            second.close(Duration.ofSeconds(30));
        }

        List<ConsumerRecord<byte[], byte[]>> committed = TopicContents.committed(kafka.bootstrapServers(), checkpoints);
        assertThat(TopicContents.uncommittedToo(kafka.bootstrapServers(), checkpoints).size())
                .as("the halted transaction had sent checkpoint records, which were aborted").isGreaterThan(committed.size());
        Map<String, List<Integer>> chunks = new TreeMap<>(); // task/instant -> chunk indexes, then -1 for the end record
        Map<String, CheckpointRecord.End> ends = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : committed) {
            CheckpointRecord.Key key = CheckpointRecord.parseKey(new String(r.key(), StandardCharsets.UTF_8));
            String id = key.task() + "@" + key.streamTimeMs();
            chunks.computeIfAbsent(id, k -> new ArrayList<>()).add(key.index());
            if (key.isEnd()) {
                ends.put(id, (CheckpointRecord.End) CheckpointRecord.fromJson(r.value()));
            }
        }
        assertThat(chunks).hasSizeGreaterThan(6);
        chunks.forEach((id, indexes) -> {
            List<Integer> whole = new ArrayList<>();
            for (int i = 0; i < ends.get(id).chunks(); i++) {
                whole.add(i);
            }
            whole.add(CheckpointRecord.Key.END);
            assertThat(indexes).as("checkpoint %s: every chunk once, then its end", id).containsExactlyElementsOf(whole);
        });

        List<String> connection = List.of("--bootstrap", kafka.bootstrapServers(), "--raw-topic", topics.raw(), "--dlq-topic", topics.dlq(),
                "--reconciled-topic", topics.reconciled(), "--history-topic", topics.history(), "--conflicts-topic", topics.conflicts(),
                "--checkpoints-topic", checkpoints, "--format", "ndjson", "--strict");
        List<Long> instants = ends.values().stream().map(e -> e.streamTime().toEpochMilli()).distinct().sorted().toList();
        for (long instant : List.of(instants.get(1), instants.get(instants.size() / 2), instants.get(instants.size() - 1))) {
            String at = TelemetryCodec.formatTimestamp(Instant.ofEpochMilli(instant).plusSeconds(2));
            List<String> asOf = new ArrayList<>(List.of("as-of", "--known-at", at, "--hop-margin", "PT0S"));
            asOf.addAll(connection);
            ReviewScenario.Run fromCheckpoint = ReviewScenario.run(asOf);
            asOf.add("--from-start");
            ReviewScenario.Run fromStart = ReviewScenario.run(asOf);
            assertThat(fromCheckpoint.status()).as(fromCheckpoint.err()).isZero();
            assertThat(fromStart.status()).as(fromStart.err()).isZero();
            assertThat(fromCheckpoint.err()).contains("from checkpoints task");
            assertThat(fromCheckpoint.out()).as("the picture at %s", at).isEqualTo(fromStart.out()).isNotEmpty();
        }
    }

    /** Asks for a commit at one edit it sees ({@code commitAt}-th), and halts the stream thread at a later one ({@code haltAt}-th) until released. */
    static final class Halt {
        final CountDownLatch halted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger seen = new AtomicInteger();
        private final int commitAt;
        private final int haltAt;

        Halt(int commitAt, int haltAt) {
            this.commitAt = commitAt;
            this.haltAt = haltAt;
        }

        FixedKeyProcessor<String, NormalizedEdit, NormalizedEdit> step() {
            return new FixedKeyProcessor<>() {
                private FixedKeyProcessorContext<String, NormalizedEdit> context;

                @Override
                public void init(FixedKeyProcessorContext<String, NormalizedEdit> context) {
                    this.context = context;
                }

                @Override
                public void process(FixedKeyRecord<String, NormalizedEdit> record) {
                    int n = seen.incrementAndGet();
                    if (n == commitAt) {
                        context.commit();
                    } else if (n == haltAt) {
                        try {
                            Thread.sleep(500); // the producer sends the open transaction's records, checkpoints among them
                            halted.countDown();
                            release.await(5, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    context.forward(record);
                }
            };
        }
    }

    /** The processor's settings for these topics: checkpoints every 20 s of stream time, in 1 KiB chunks. */
    static Map<String, String> settings(KafkaBroker kafka, TopicNames topics, String checkpoints, String applicationId) {
        return Map.ofEntries(Map.entry("kafka.bootstrap.servers", kafka.bootstrapServers()), Map.entry("kafka.application.id", applicationId),
                Map.entry("kafka.max.poll.interval.ms", "8000"), Map.entry("kafka.session.timeout.ms", "6000"),
                Map.entry("kafka.auto.offset.reset", "earliest"), Map.entry("topics.raw", topics.raw()), Map.entry("topics.dlq", topics.dlq()),
                Map.entry("topics.reconciled", topics.reconciled()), Map.entry("topics.history", topics.history()),
                Map.entry("topics.conflicts", topics.conflicts()), Map.entry("topics.checkpoints", checkpoints),
                Map.entry("checkpoint.interval", "PT20S"), Map.entry("checkpoint.chunk-bytes", "1024"));
    }

    /** The processor's topology with {@code halt}'s step just before reconciliation. */
    static KafkaStreams start(Map<String, String> settings, Path stateDir, Halt halt, String commitIntervalMs) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("kafka.state.dir", stateDir.toString());
        all.put("kafka.commit.interval.ms", commitIntervalMs);
        ProcessorConfig config = ProcessorConfig.of(all);
        ProcessorMetrics metrics = ProcessorMetrics.standalone();
        IncidentTopology topology = new IncidentTopology(config.topics(), new TelemetryValidator(config.timestampWindow()),
                new EditNormalizer(JurisdictionIndex.load(config.jurisdictionLayer())), metrics, config.all(), 3);
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, NormalizedEdit> edits = topology.inItsIncidentsTask(topology.acceptedEdits(builder));
        topology.reconcile(edits.processValues(halt::step, Named.as("reconcile-halt-once")));
        Properties props = config.streamsProperties(metrics);
        props.put(InternalErrorHandler.FAILURE_STAGES, topology.failureStages());
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        return streams;
    }

    /** Edits of {@value #INCIDENTS} incidents by two agencies, one a second, keyed as the connector keys them. */
    private static void publish(KafkaBroker kafka, String raw, Instant t0) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < EDITS; i++) {
                Instant at = t0.plusSeconds(i);
                String agency = i % 2 == 0 ? "sffd" : "calfire";
                String incident = "INC-CRASH-CP-" + (i / 2 % INCIDENTS);
                long seq = i / (2 * INCIDENTS) + 1;
                String topic = "incident/" + agency + "/fire/telemetry";
                byte[] payload = ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + (-122.4 + i * 0.0001) + ",37.7]},"
                        + "\"properties\":{\"incident_id\":\"" + incident + "\",\"agency_id\":\"" + agency + "\",\"status\":\"active\","
                        + "\"timestamp\":\"" + TelemetryCodec.formatTimestamp(at) + "\",\"sequence_number\":" + seq + "}}")
                        .getBytes(StandardCharsets.UTF_8);
                RecordHeaders headers = new RecordHeaders();
                headers.add(MqttHeaders.TOPIC, topic.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(raw, null, at.toEpochMilli(), RawRecordKey.of(topic, payload).getBytes(StandardCharsets.UTF_8),
                        payload, headers));
            }
        }
    }

    /** Waits until the processor's committed offsets reach the raw topic's end: all its output is committed then. */
    static void awaitCommitted(KafkaBroker kafka, String raw, String applicationId) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(raw, p), OffsetSpec.latest());
            }
            var end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (true) {
                var committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                if (end.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()))) {
                    return;
                }
                assertThat(System.nanoTime()).as("processor caught up within 150 s").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }
}
