package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Crafted edits on one raw partition, made at B+s and appended at B+a (the raw topic keeps the records'
 * own times, CreateTime, so the story sets when each edit reached Kafka): a device whose clock runs
 * behind stamps an edit before one it had already seen, a unit offline delivers an edit long after it
 * made it, and one whose clock runs ahead stamps an edit after it reached Kafka. Built once per test
 * JVM and shared by {@link EventTimeTest} and {@link LearnedLateTest}; {@link #spread} writes the same
 * story to three partitions in turn, as a producer that does not key by incident would (most edits
 * then read outside their incident's partition).
 */
final class LateEdits {

    private static LateEdits shared;
    private static LateEdits spread;

    final Instant b = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    final String bootstrap;
    final String raw;
    private final int partitions;
    private int sent;

    private LateEdits(KafkaBroker kafka, int partitions) throws Exception {
        bootstrap = kafka.bootstrapServers();
        this.partitions = partitions;
        raw = kafka.createTopic(KafkaBroker.uniqueName("raw-event-time"), partitions);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // made at, appended at
            send(producer, edit("sffd", "INC-EVT-1", 1, "{\"sffd\":1}", "\"status\":\"active\"", 0), 1);
            // an ngfire unit's clock runs ahead: it stamps B+8 an edit that reached Kafka at B+2
            send(producer, edit("ngfire", "INC-EVT-3", 1, "{\"ngfire\":1}", "\"status\":\"active\"", 8), 2);
            send(producer, edit("smcfire", "INC-EVT-1", 1, "{\"sffd\":1,\"smcfire\":1}", "\"status\":\"active\",\"severity\":\"moderate\"", 10), 11);
            // sffd's clock runs behind: it stamps B+5 an edit made after it saw smcfire's (stamped B+10)
            send(producer, edit("sffd", "INC-EVT-1", 2, "{\"sffd\":2,\"smcfire\":1}", "\"status\":\"contained\"", 5), 21);
            // a calfire unit offline: its edit, made at B+3, reaches Kafka at B+40
            send(producer, edit("calfire", "INC-EVT-2", 1, "{\"calfire\":1}", "\"status\":\"active\"", 3), 40);
            send(producer, edit("sffd", "INC-EVT-1", 3, "{\"sffd\":3,\"smcfire\":1}", "\"status\":\"contained\",\"severity\":\"critical\"", 50), 51);
        }
    }

    static synchronized LateEdits shared(KafkaBroker kafka) throws Exception {
        if (shared == null) {
            shared = new LateEdits(kafka, 1);
        }
        return shared;
    }

    /** The same story on three partitions, edit i on partition i mod 3. */
    static synchronized LateEdits spread(KafkaBroker kafka) throws Exception {
        if (spread == null) {
            spread = new LateEdits(kafka, 3);
        }
        return spread;
    }

    /** B+seconds, as RFC 3339. */
    String at(int seconds) {
        return TelemetryCodec.formatTimestamp(b.plusSeconds(seconds));
    }

    ReviewScenario.Run asOf(String... options) {
        List<String> args = new ArrayList<>(List.of("as-of", "--bootstrap", bootstrap, "--raw-topic", raw, "--format", "ndjson"));
        args.addAll(List.of(options));
        return ReviewScenario.run(args);
    }

    /** The NDJSON picture a successful as-of printed, by incident. */
    static Map<String, ReconciledIncident> picture(ReviewScenario.Run run) {
        assertThat(run.status()).as(run.err()).isZero();
        Map<String, ReconciledIncident> picture = new TreeMap<>();
        run.out().lines().forEach(l -> {
            ReconciledIncident i = ReconciledIncident.fromJson(l.getBytes(StandardCharsets.UTF_8));
            picture.put(i.id(), i);
        });
        return picture;
    }

    private record Edit(String mqttTopic, String payload) {
    }

    private Edit edit(String agency, String incident, int seq, String clock, String properties, int madeAt) {
        String type = "fire";
        return new Edit("incident/" + agency + "/" + type + "/telemetry", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[-122.42,37.77]},\"properties\":{\"incident_id\":\"" + incident + "\",\"agency_id\":\"" + agency + "\","
                + properties + ",\"timestamp\":\"" + at(madeAt) + "\",\"sequence_number\":" + seq + ",\"clock\":" + clock + "}}");
    }

    private void send(KafkaProducer<byte[], byte[]> producer, Edit edit, int appendedAt) throws Exception {
        byte[] value = edit.payload().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(MqttHeaders.TOPIC, edit.mqttTopic().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(raw, partitions == 1 ? null : sent++ % partitions, b.plusSeconds(appendedAt).toEpochMilli(),
                RawRecordKey.of(edit.mqttTopic(), value).getBytes(StandardCharsets.UTF_8), value, headers)).get();
    }
}
