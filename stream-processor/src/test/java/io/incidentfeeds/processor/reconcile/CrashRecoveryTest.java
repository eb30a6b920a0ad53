package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.deadletter.InternalErrorHandler;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.topology.IncidentTopology;
import io.incidentfeeds.processor.topology.TopicNames;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.testsupport.TopicContents;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a crash, on a real broker: the processor commits where its step asks, halts in
 * the middle of the next transaction (reconciled versions and state changes already sent, not
 * committed), is abandoned the way a killed process would be (closed with a one-second timeout it
 * cannot meet), and a fresh instance with an empty state directory takes over. Consumers reading
 * committed records see, for every incident, versions 1, 2, 3... each once, and the same final
 * picture as a run that never crashed; incidents.history, written in the same transactions, holds
 * exactly the versions incidents.reconciled holds (not compacted here), each once, none aborted.
 */
@WithKafka
class CrashRecoveryTest {

    private static final int RECORDS = 1_000;
    private static final int RAW_PARTITIONS = 3;
    private static final int COMMIT_AT = 150;
    private static final int HALT_AT = 450;
    /**
     * The first instance commits in its first turn (as every stream thread does), then when its step
     * asks, after the COMMIT_AT-th edit, so the edits from there to HALT_AT are in the transaction the
     * halt leaves open. Its timer is the longest Streams allows under its 10 s transaction timeout, far
     * more than the first edits take: with a 1 s timer a commit once fell just before the halt and
     * left nothing to abort (in CI).
     */
    private static final Duration COMMIT_INTERVAL_BEFORE_THE_CRASH = Duration.ofSeconds(9);
    private static final Duration COMMIT_INTERVAL_AFTER = Duration.ofSeconds(1);

    @Test
    void afterAKillMidTransactionEveryIncidentsVersionsAreCommittedOnceAndInOrder(KafkaBroker kafka, @TempDir Path state)
            throws Exception {
        String suffix = KafkaBroker.uniqueName("crash");
        TopicNames topics = new TopicNames(kafka.createTopic("raw-" + suffix, RAW_PARTITIONS), kafka.createTopic("dlq-" + suffix, 3),
                kafka.createTopic("reconciled-" + suffix, 3), kafka.createTopic("history-" + suffix, 3),
                kafka.createTopic("conflicts-" + suffix, 3));
        List<EditWorkload.Raw> raw = publish(kafka, topics.raw());
        HaltOnce halt = new HaltOnce(COMMIT_AT, HALT_AT);

        KafkaStreams first = start(kafka, topics, "processor-" + suffix, state.resolve("first"), halt, COMMIT_INTERVAL_BEFORE_THE_CRASH);
        assertThat(halt.halted.await(120, TimeUnit.SECONDS)).as("halted mid-stream").isTrue();
        assertThat(first.close(Duration.ofSeconds(1))).as("a halted instance cannot shut down cleanly").isFalse();

        KafkaStreams second = start(kafka, topics, "processor-" + suffix, state.resolve("second"), halt, COMMIT_INTERVAL_AFTER);
        try {
            Map<String, ReconciledIncident> expected = finalStatesWithoutACrash(raw);
            awaitFinalStates(kafka, topics.reconciled(), expected, Duration.ofSeconds(150));
        } finally {
            halt.release.countDown();
            first.close(Duration.ofSeconds(30));
            second.close(Duration.ofSeconds(30));
        }

        List<ConsumerRecord<byte[], byte[]>> committed = TopicContents.committed(kafka.bootstrapServers(), topics.reconciled());
        Map<String, List<Long>> versions = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : committed) {
            versions.computeIfAbsent(key(record), k -> new ArrayList<>())
                    .add(ReconciledIncident.fromJson(record.value()).reconciliation().version());
        }
        versions.forEach((incident, seen) -> assertThat(seen).as("versions of %s", incident)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, seen.size()).boxed().toList()));
        assertThat(TopicContents.uncommittedToo(kafka.bootstrapServers(), topics.reconciled()).size())
                .as("the halted transaction had sent versions, which were aborted").isGreaterThan(committed.size());

        List<ConsumerRecord<byte[], byte[]>> history = TopicContents.committed(kafka.bootstrapServers(), topics.history());
        assertThat(byIncident(history)).as("the history: every committed version, once, in order, byte for byte")
                .isEqualTo(byIncident(committed));
        assertThat(TopicContents.uncommittedToo(kafka.bootstrapServers(), topics.history()).size())
                .as("the halted transaction had sent versions to the history too, which were aborted").isGreaterThan(history.size());
    }

    /** Asks for a commit once, at one edit it reconciles; halts the stream thread once, at a later one, until released. */
    static final class HaltOnce {
        final CountDownLatch halted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger seen = new AtomicInteger();
        private final int commitAt;
        private final int haltAt;

        HaltOnce(int commitAt, int haltAt) {
            this.commitAt = commitAt;
            this.haltAt = haltAt;
        }

        /** The processor's topology with this step just before reconciliation. */
        Topology topology(IncidentTopology processor) {
            StreamsBuilder builder = new StreamsBuilder();
            KStream<String, NormalizedEdit> editsByIncident = processor.inItsIncidentsTask(processor.acceptedEdits(builder));
            processor.reconcile(editsByIncident.processValues(() -> new FixedKeyProcessor<String, NormalizedEdit, NormalizedEdit>() {
                private org.apache.kafka.streams.processor.api.FixedKeyProcessorContext<String, NormalizedEdit> context;

                @Override
                public void init(org.apache.kafka.streams.processor.api.FixedKeyProcessorContext<String, NormalizedEdit> context) {
                    this.context = context;
                }

                @Override
                public void process(FixedKeyRecord<String, NormalizedEdit> record) {
                    int n = seen.incrementAndGet();
                    if (n == commitAt) {
                        context.commit(); // done once the stream thread ends this turn of processing
                    }
                    if (n == haltAt) {
                        pause(Duration.ofMillis(500)); // the producer sends what this transaction has written so far
                        halted.countDown();
                        try {
                            release.await(5, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    context.forward(record);
                }
            }, Named.as("reconcile-halt-once")));
            return builder.build();
        }
    }

    private static KafkaStreams start(KafkaBroker kafka, TopicNames topics, String applicationId, Path stateDir, HaltOnce step,
            Duration commitInterval) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("kafka.application.id", applicationId);
        settings.put("kafka.state.dir", stateDir.toString());
        settings.put("kafka.commit.interval.ms", Long.toString(commitInterval.toMillis()));
        // The halted instance still heartbeats; it leaves the group once it has not polled for this long.
        settings.put("kafka.max.poll.interval.ms", "8000");
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.auto.offset.reset", "earliest");
        settings.put("topics.raw", topics.raw());
        settings.put("topics.dlq", topics.dlq());
        settings.put("topics.reconciled", topics.reconciled());
        settings.put("topics.history", topics.history());
        settings.put("topics.conflicts", topics.conflicts());
        ProcessorConfig config = ProcessorConfig.of(settings);
        ProcessorMetrics metrics = ProcessorMetrics.standalone();
        IncidentTopology topology = new IncidentTopology(topics, new TelemetryValidator(config.timestampWindow()),
                new EditNormalizer(JurisdictionIndex.load(config.jurisdictionLayer())), metrics, config.all(), RAW_PARTITIONS);
        Topology built = step.topology(topology);
        Properties props = config.streamsProperties(metrics);
        props.put(InternalErrorHandler.FAILURE_STAGES, topology.failureStages());
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        KafkaStreams streams = new KafkaStreams(built, props);
        streams.start();
        return streams;
    }

    private static List<EditWorkload.Raw> publish(KafkaBroker kafka, String topic) {
        EditWorkload workload = new EditWorkload(7L, "INC-CRASH", 60, 0.3, Instant.parse("2026-11-22T08:00:00Z"), Duration.ofSeconds(1));
        List<EditWorkload.Raw> raw = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                EditWorkload.Raw r = workload.next();
                raw.add(r);
                // Half keyed as the connector keys them (by incident: reconciled where they are read),
                // half as an older producer did (by MQTT topic: moved through the repartition hop).
                byte[] key = i % 2 == 0 ? r.key() : r.mqttTopic().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, null, r.timestamp(), key, r.payload(), r.headers()));
            }
        }
        return raw;
    }

    /** The last version of each incident when the same records go through a driver that never crashes. */
    private static Map<String, ReconciledIncident> finalStatesWithoutACrash(List<EditWorkload.Raw> raw) {
        Map<String, ReconciledIncident> last = new HashMap<>();
        try (ReconcileScenario scenario = new ReconcileScenario()) {
            for (EditWorkload.Raw r : raw) {
                scenario.pipe(new TestRecord<>(r.mqttTopic().getBytes(StandardCharsets.UTF_8), r.payload(), r.headers(),
                        Instant.ofEpochMilli(r.timestamp())));
            }
            scenario.reconciled().forEach(i -> last.put(i.id(), i));
        }
        return last;
    }

    /**
     * Waits until every incident's last committed version shows what the uncrashed run shows. The
     * raw topic has three partitions, so edits reach reconciliation in another order than in the
     * driver: the pictures agree because reconciliation converges; versions and event times need not.
     */
    private static void awaitFinalStates(KafkaBroker kafka, String topic, Map<String, ReconciledIncident> expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> differing = new java.util.TreeMap<>();
        while (System.nanoTime() < deadline) {
            Map<String, String> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : TopicContents.committed(kafka.bootstrapServers(), topic)) {
                seen.put(key(record), picture(ReconciledIncident.fromJson(record.value())));
            }
            differing.clear();
            expected.forEach((id, incident) -> {
                if (!picture(incident).equals(seen.get(id))) {
                    differing.put(id, "expected " + picture(incident) + "\n     but was " + seen.get(id));
                }
            });
            if (differing.isEmpty() && seen.size() == expected.size()) {
                return;
            }
            Thread.sleep(1000);
        }
        assertThat(differing).as("incidents whose last committed picture differs from the uncrashed run's").isEmpty();
    }

    /** What a console shows: deleted, or the properties, geometry and conflicts. */
    private static String picture(ReconciledIncident incident) {
        if (incident.reconciliation().diffType() == DiffType.DELETE) {
            return "deleted " + incident.reconciliation().conflicts();
        }
        return incident.properties() + " " + incident.geometry() + " " + incident.reconciliation().conflicts();
    }

    /** Each incident's records in offset order: version, record time and bytes. */
    private static Map<String, List<String>> byIncident(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            out.computeIfAbsent(key(record), k -> new ArrayList<>()).add(ReconciledIncident.fromJson(record.value()).reconciliation().version()
                    + " @" + record.timestamp() + " " + new String(record.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
