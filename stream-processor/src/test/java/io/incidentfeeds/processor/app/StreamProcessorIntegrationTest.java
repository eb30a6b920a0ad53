package io.incidentfeeds.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.normalize.NormalizedEditJson;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.processor.RawRecords;
import io.incidentfeeds.processor.bench.RecordMix;
import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.testsupport.TopicContents;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service against a real broker: it provisions its topics, serves /health and /metrics, and
 * every record of the raw topic comes out exactly once, normalized or dead-lettered, even when a
 * stream thread dies in the middle of a transaction and is replaced.
 */
@WithKafka
class StreamProcessorIntegrationTest {

    private static final int RECORDS = 120;

    @Test
    void everyRawRecordComesOutExactlyOnceEvenWhenAStreamThreadDiesMidTransaction(KafkaBroker kafka, @TempDir Path state)
            throws Exception {
        CrashOnceStep.CRASHED.set(false);
        Map<String, String> settings = settings(kafka, state, "it");
        String normalized = settings.get("kafka.application.id") + ".normalized";
        // A thread commits first in its first turn, then on this timer: the longest Streams allows under
        // its 10 s transaction timeout, so no timed commit falls between the mix's first edits and the
        // fatal one, and the crash always has written edits to abort.
        settings.put("kafka.commit.interval.ms", "9000");
        settings.put("kafka.session.timeout.ms", "6000"); // the broker's minimum: the dead thread's tasks move sooner
        ProcessorConfig config = ProcessorConfig.of(settings);
        List<RecordMix.Raw> published = publishMixWithAFatalIncidentInTheMiddle(kafka, config, normalized);

        try (StreamProcessor processor = StreamProcessor.start(config, topology -> CrashOnceStep.topology(topology, normalized))) {
            List<ConsumerRecord<byte[], byte[]>> edits = awaitEveryRecordAccountedFor(kafka, config, normalized, published.size());

            List<String> rawPositions = new ArrayList<>();
            edits.forEach(r -> rawPositions.add(position(NormalizedEditJson.fromBytes(r.value()))));
            List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicContents.committed(kafka.bootstrapServers(), config.topics().dlq());
            deadLetters.forEach(r -> rawPositions.add(header(r, DlqHeaders.SOURCE_PARTITION) + "@" + header(r, DlqHeaders.SOURCE_OFFSET)));
            assertThat(rawPositions).as("each raw record once, normalized or dead-lettered").doesNotHaveDuplicates()
                    .hasSize(published.size());
            assertThat(deadLetters).as("the mix's bad records").isNotEmpty();
            assertThat(CrashOnceStep.CRASHED).isTrue();
            assertThat(TopicContents.uncommittedToo(kafka.bootstrapServers(), normalized).size())
                    .as("edits written before the crash were aborted with its transaction, then written again")
                    .isGreaterThan(edits.size());

            assertThat(get(processor, "/health")).isEqualTo("200 {\"status\":\"running\",\"streams_state\":\"RUNNING\"}");
            assertThat(get(processor, "/metrics"))
                    .contains("incidentfeeds_stream_thread_replaced_total 1.0")
                    .contains("incidentfeeds_records_dead_lettered_total{reason=\"MALFORMED_JSON\"}")
                    .contains("incidentfeeds_process_latency_seconds_count")
                    .contains("kafka_stream_");
            assertProvisioned(kafka, config);

            processor.close();
            assertThat(processor.streams().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(processor.health().status()).isEqualTo("stopped");
        }
    }

    @Test
    void refusesToStartWhenTheReconciledTopicDeletesInsteadOfCompacting(KafkaBroker kafka, @TempDir Path state) {
        Map<String, String> settings = settings(kafka, state, "not-compacted");
        kafka.createTopic(settings.get("topics.reconciled"), 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));

        assertThatThrownBy(() -> StreamProcessor.start(ProcessorConfig.of(settings)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(settings.get("topics.reconciled") + " has cleanup.policy=delete; it must be compacted");
    }

    @Test
    void refusesToStartWhenTheHistoryTopicIsCompacted(KafkaBroker kafka, @TempDir Path state) {
        Map<String, String> settings = settings(kafka, state, "compacted-history");
        kafka.createTopic(settings.get("topics.history"), 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

        assertThatThrownBy(() -> StreamProcessor.start(ProcessorConfig.of(settings)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(settings.get("topics.history") + " has cleanup.policy=compact; it must be delete");
    }

    @Test
    void refusesToStartWhenTheCheckpointsTopicKeepsTheBrokersTimes(KafkaBroker kafka, @TempDir Path state) {
        Map<String, String> settings = settings(kafka, state, "append-time-checkpoints");
        kafka.createTopic(settings.get("topics.checkpoints"), 2, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));

        assertThatThrownBy(() -> StreamProcessor.start(ProcessorConfig.of(settings)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(settings.get("topics.checkpoints") + " must have message.timestamp.type=CreateTime");
    }

    @Test
    void byDefaultTheRawTopicIsStampedWithTheBrokersAppendTimeInOffsetOrder(KafkaBroker kafka, @TempDir Path state) throws Exception {
        Map<String, String> settings = settings(kafka, state, "append-time");
        settings.remove("topics.raw.timestamp-type");
        ProcessorConfig config = ProcessorConfig.of(settings);
        try (Admin admin = kafka.admin()) {
            new TopicProvisioner(config).provision(admin);
        }
        String raw = config.topics().raw();
        long before = System.currentTimeMillis();
        // The producer's times, out of order and days old: the broker replaces them; the headers stay.
        List<Long> stamped = List.of(Instant.parse("2026-11-22T10:30:00Z").toEpochMilli(), Instant.parse("2026-11-20T08:00:00Z").toEpochMilli(),
                Instant.parse("2026-11-21T09:00:00Z").toEpochMilli());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long t : stamped) {
                producer.send(new ProducerRecord<>(raw, 0, t, "INC-1".getBytes(StandardCharsets.UTF_8), Payloads.bytes(Payloads.seed()),
                        RawRecords.mqttHeaders(Payloads.SFFD_FIRE))).get();
            }
        }
        long after = System.currentTimeMillis();
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.committed(kafka.bootstrapServers(), raw);
        assertThat(records).hasSize(3).allSatisfy(r -> {
            assertThat(r.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
            assertThat(r.timestamp()).isBetween(before, after);
            assertThat(header(r, MqttHeaders.TOPIC)).isEqualTo(Payloads.SFFD_FIRE);
        });
        assertThat(records).extracting(ConsumerRecord::timestamp).isSorted();
    }

    @Test
    void inCheckModeMissingTopicsStopTheStart(KafkaBroker kafka, @TempDir Path state) {
        Map<String, String> settings = settings(kafka, state, "check");
        settings.put("topics.provisioning", "check");

        assertThatThrownBy(() -> StreamProcessor.start(ProcessorConfig.of(settings)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("topics missing (topics.provisioning=check)")
                .hasMessageContaining(settings.get("topics.raw"));
    }

    private static Map<String, String> settings(KafkaBroker kafka, Path state, String name) {
        String suffix = KafkaBroker.uniqueName(name);
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("kafka.application.id", "processor-" + suffix);
        settings.put("kafka.state.dir", state.toString());
        for (String topic : List.of("raw", "dlq", "reconciled", "history", "conflicts", "checkpoints")) {
            settings.put("topics." + topic, "incidents." + topic + "-" + suffix);
        }
        settings.put("topics.partitions", "2");
        // The mix's record times are fixed (2026-11-22): ten years keeps them whatever today's date,
        // and differs from both the broker's default and Kafka's, so the provisioner is seen to set it.
        settings.put("topics.raw.retention-ms", Long.toString(Duration.ofDays(3650).toMillis()));
        // ... and judged against those times: the raw topic keeps the producer's (an archive being loaded).
        settings.put("topics.raw.timestamp-type", "CreateTime");
        settings.put("http.port", "0");
        settings.put("http.bind-address", "127.0.0.1");
        settings.put("shutdown.timeout", "PT20S");
        return settings;
    }

    /** The benchmark's mix (points, polygons, bad records), and sffd's INC-FATAL edit in the middle. */
    private static List<RecordMix.Raw> publishMixWithAFatalIncidentInTheMiddle(KafkaBroker kafka, ProcessorConfig config, String normalized) {
        try (Admin admin = kafka.admin()) {
            new TopicProvisioner(config).provision(admin);
        }
        kafka.createTopic(normalized, 2); // written by the test's step, so not provisioned
        List<RecordMix.Raw> records = new ArrayList<>(new RecordMix(7).next(RECORDS));
        ObjectNode fatal = Payloads.seed();
        Payloads.properties(fatal).put("incident_id", CrashOnceStep.FATAL_INCIDENT);
        Instant madeAt = Instant.parse("2026-11-22T08:00:30Z");
        Payloads.properties(fatal).put("timestamp", madeAt.toString());
        records.add(RECORDS / 2, new RecordMix.Raw(Payloads.SFFD_FIRE, Payloads.bytes(fatal), RawRecords.mqttHeaders(Payloads.SFFD_FIRE),
                madeAt.toEpochMilli() + 500));
        Properties props = kafka.clientProperties();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (RecordMix.Raw r : records) {
                // keyed as the connector keys them: the fatal edit is read where its incident is
                // handled, in the same transaction as the edits read before it
                producer.send(new ProducerRecord<>(config.topics().raw(), null, r.timestamp(),
                        RawRecordKey.of(r.mqttTopic(), r.payload()).getBytes(StandardCharsets.UTF_8), r.payload(), r.headers()));
            }
        }
        return records;
    }

    /** The committed normalized edits, once edits and dead letters together account for every raw record. */
    private static List<ConsumerRecord<byte[], byte[]>> awaitEveryRecordAccountedFor(KafkaBroker kafka, ProcessorConfig config,
            String normalized, int raw)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            List<ConsumerRecord<byte[], byte[]>> edits = TopicContents.committed(kafka.bootstrapServers(), normalized);
            int deadLetters = TopicContents.committed(kafka.bootstrapServers(), config.topics().dlq()).size();
            if (edits.size() + deadLetters >= raw || System.nanoTime() > deadline) {
                return edits;
            }
            Thread.sleep(500);
        }
    }

    private static void assertProvisioned(KafkaBroker kafka, ProcessorConfig config) throws Exception {
        try (Admin admin = kafka.admin()) {
            ConfigResource reconciled = new ConfigResource(ConfigResource.Type.TOPIC, config.topics().reconciled());
            ConfigResource raw = new ConfigResource(ConfigResource.Type.TOPIC, config.topics().raw());
            ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, config.topics().dlq());
            ConfigResource conflicts = new ConfigResource(ConfigResource.Type.TOPIC, config.topics().conflicts());
            ConfigResource history = new ConfigResource(ConfigResource.Type.TOPIC, config.topics().history());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(reconciled, raw, dlq, conflicts, history)).all().get();
            assertThat(configs.get(reconciled).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(configs.get(history).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as("every version kept").isEqualTo("delete");
            String rawRetention = Long.toString(config.rawRetentionMs());
            assertThat(configs.get(raw).get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo(rawRetention);
            assertThat(configs.get(raw).get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).isEqualTo(config.rawTimestampType());
            assertThat(List.of(dlq, conflicts, history)).as("written from raw records with their record times: kept as long as raw")
                    .allSatisfy(topic -> assertThat(configs.get(topic).get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo(rawRetention));
            assertThat(admin.describeTopics(List.of(config.topics().raw())).allTopicNames().get()
                    .get(config.topics().raw()).partitions()).hasSize(2);
        }
    }

    private static String position(NormalizedEdit edit) {
        return edit.source().partition() + "@" + edit.source().offset();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String get(StreamProcessor processor, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + processor.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
