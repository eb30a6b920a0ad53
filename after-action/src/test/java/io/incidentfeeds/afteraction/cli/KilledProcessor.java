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
import io.incidentfeeds.testsupport.TopicContents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The real processor (three tasks, checkpoints every 20 s of stream time) killed while checkpoints are in its
 * open transaction, then replaced: the first instance commits at one edit, halts the stream thread at a later one
 * and is abandoned; a fresh instance with an empty state directory restores the stores from their changelogs and
 * processes the raw topic to its end. For {@link CheckpointCrashTest} and {@link EventTimeCheckpointTest}.
 */
final class KilledProcessor {

    final TopicNames topics;
    final String checkpoints;
    private final KafkaBroker kafka;
    private final String applicationId;

    private KilledProcessor(KafkaBroker kafka, TopicNames topics, String checkpoints, String applicationId) {
        this.kafka = kafka;
        this.topics = topics;
        this.checkpoints = checkpoints;
        this.applicationId = applicationId;
    }

    /** New topics of three partitions (the raw one on CreateTime: the story sets when each edit arrived), named after {@code name}. */
    static KilledProcessor topics(KafkaBroker kafka, String name) {
        String suffix = KafkaBroker.uniqueName(name);
        TopicNames topics = new TopicNames(kafka.createTopic("raw-" + suffix, 3), kafka.createTopic("dlq-" + suffix, 3),
                kafka.createTopic("reconciled-" + suffix, 3, Map.of("cleanup.policy", "compact")), kafka.createTopic("history-" + suffix, 3),
                kafka.createTopic("conflicts-" + suffix, 3));
        return new KilledProcessor(kafka, topics, kafka.createTopic("checkpoints-" + suffix, 3), "processor-" + suffix);
    }

    /**
     * Processes the raw topic as said above, the first instance committing at the {@code commitAt}-th edit its
     * reconcile step sees and halting at the {@code haltAt}-th; returns the committed checkpoint records, having
     * checked that the halted transaction had sent some that were aborted.
     */
    List<ConsumerRecord<byte[], byte[]>> haltThenReplace(Path state, int commitAt, int haltAt) throws Exception {
        Halt halt = new Halt(commitAt, haltAt);
        Map<String, String> settings = settings(kafka, topics, checkpoints, applicationId);
        KafkaStreams first = start(settings, state.resolve("first"), halt, "9000");
        assertThat(halt.halted.await(120, TimeUnit.SECONDS)).as("halted mid-transaction").isTrue();
        assertThat(first.close(Duration.ofSeconds(1))).as("a halted instance cannot shut down cleanly").isFalse();
        KafkaStreams second = start(settings, state.resolve("second"), halt, "500");
        try {
            awaitCommitted(kafka, topics.raw(), applicationId);
        } finally {
            halt.release.countDown();
            first.close(Duration.ofSeconds(30));
            second.close(Duration.ofSeconds(30));
        }
        List<ConsumerRecord<byte[], byte[]>> committed = TopicContents.committed(kafka.bootstrapServers(), checkpoints);
        assertThat(TopicContents.uncommittedToo(kafka.bootstrapServers(), checkpoints).size())
                .as("the halted transaction had sent checkpoint records, which were aborted").isGreaterThan(committed.size());
        return committed;
    }

    /** The options that point the tool at these topics. */
    List<String> connection() {
        return List.of("--bootstrap", kafka.bootstrapServers(), "--raw-topic", topics.raw(), "--dlq-topic", topics.dlq(),
                "--reconciled-topic", topics.reconciled(), "--history-topic", topics.history(), "--conflicts-topic", topics.conflicts(),
                "--checkpoints-topic", checkpoints);
    }

    /** Asks for a commit at one edit it sees ({@code commitAt}-th), and halts the stream thread at a later one ({@code haltAt}-th) until released. */
    private static final class Halt {
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
    private static Map<String, String> settings(KafkaBroker kafka, TopicNames topics, String checkpoints, String applicationId) {
        return Map.ofEntries(Map.entry("kafka.bootstrap.servers", kafka.bootstrapServers()), Map.entry("kafka.application.id", applicationId),
                Map.entry("kafka.max.poll.interval.ms", "8000"), Map.entry("kafka.session.timeout.ms", "6000"),
                Map.entry("kafka.auto.offset.reset", "earliest"), Map.entry("topics.raw", topics.raw()), Map.entry("topics.dlq", topics.dlq()),
                Map.entry("topics.reconciled", topics.reconciled()), Map.entry("topics.history", topics.history()),
                Map.entry("topics.conflicts", topics.conflicts()), Map.entry("topics.checkpoints", checkpoints),
                Map.entry("checkpoint.interval", "PT20S"), Map.entry("checkpoint.chunk-bytes", "1024"));
    }

    /** The processor's topology with {@code halt}'s step just before reconciliation. */
    private static KafkaStreams start(Map<String, String> settings, Path stateDir, Halt halt, String commitIntervalMs) {
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

    /** Waits until the processor's committed offsets reach the raw topic's end: all its output is committed then. */
    private static void awaitCommitted(KafkaBroker kafka, String raw, String applicationId) throws Exception {
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
