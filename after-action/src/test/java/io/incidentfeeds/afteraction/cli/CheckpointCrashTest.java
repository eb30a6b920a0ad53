package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.checkpoint.CheckpointRecord;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
        KilledProcessor processor = KilledProcessor.topics(kafka, "checkpoint-crash");
        Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        publish(kafka, processor.topics.raw(), t0);
        List<ConsumerRecord<byte[], byte[]>> committed = processor.haltThenReplace(state, COMMIT_AT, HALT_AT);

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

        List<String> connection = new ArrayList<>(processor.connection());
        connection.addAll(List.of("--format", "ndjson", "--strict"));
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
}
