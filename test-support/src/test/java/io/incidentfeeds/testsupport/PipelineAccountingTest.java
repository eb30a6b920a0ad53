package io.incidentfeeds.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.Reconciliation;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting.Published;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting.Report;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

@WithKafka
class PipelineAccountingTest {

    static String edit(String incident, String agency, long seq) {
        return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-122.4,37.7]},\"properties\":{"
                + "\"incident_id\":\"" + incident + "\",\"agency_id\":\"" + agency + "\",\"status\":\"active\","
                + "\"timestamp\":\"2026-11-22T10:30:00Z\",\"sequence_number\":" + seq + "}}";
    }

    @Test
    void aCleanRunAccountsForEveryRecordAndLossesAreCaught(KafkaBroker kafka) throws Exception {
        TopicNames topics = new TopicNames(
                kafka.createTopic(KafkaBroker.uniqueName("raw"), 2), kafka.createTopic(KafkaBroker.uniqueName("dlq"), 1),
                kafka.createTopic(KafkaBroker.uniqueName("reconciled"), 2), kafka.createTopic(KafkaBroker.uniqueName("conflicts"), 1));
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordMetadata a1 = send(producer, topics.raw(), edit("A", "sffd", 1));
            RecordMetadata a2 = send(producer, topics.raw(), edit("A", "sffd", 2));
            send(producer, topics.raw(), edit("A", "sffd", 2)); // a redelivery
            RecordMetadata bad = send(producer, topics.raw(), "{not json");
            RecordMetadata b1 = send(producer, topics.raw(), edit("B", "sfpd", 1));

            ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(topics.dlq(), null, "{not json".getBytes(StandardCharsets.UTF_8));
            deadLetter.headers().add(DlqHeaders.REASON, bytes("MALFORMED_JSON"))
                    .add(DlqHeaders.SOURCE_TOPIC, bytes(bad.topic()))
                    .add(DlqHeaders.SOURCE_PARTITION, bytes(String.valueOf(bad.partition())))
                    .add(DlqHeaders.SOURCE_OFFSET, bytes(String.valueOf(bad.offset())));
            producer.send(deadLetter).get();

            version(producer, topics.reconciled(), "A", 1, a1);
            version(producer, topics.reconciled(), "A", 2, a2);
            version(producer, topics.reconciled(), "B", 1, b1);
        }
        Published published = new Published(5, Set.of("A/sffd/1", "A/sffd/2", "B/sfpd/1"), 1,
                Map.of(DlqReason.MALFORMED_JSON, 1L));

        Report clean = PipelineAccounting.check(kafka.bootstrapServers(), topics, published, Duration.ofSeconds(30));
        assertThat(clean.unaccounted()).isEmpty();
        assertThat(clean.receivedRaw()).isEqualTo(5);
        assertThat(clean.duplicates()).isEqualTo(1);
        assertThat(clean.distinctEdits()).isEqualTo(3);
        assertThat(clean.reconciledVersions()).isEqualTo(3);
        assertThat(clean.deadLettered()).containsEntry(DlqReason.MALFORMED_JSON, 1L);
        assertThat(clean.line()).contains("unaccounted=0");

        // An edit that never arrived, a bad record never dead-lettered as such, and a version gap.
        Published moreThanArrived = new Published(7, Set.of("A/sffd/1", "A/sffd/2", "B/sfpd/1", "C/sfpd/1"), 1,
                Map.of(DlqReason.MALFORMED_JSON, 1L, DlqReason.SCHEMA_VIOLATION, 1L));
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordMetadata b2 = send(producer, topics.raw(), edit("B", "sfpd", 2));
            version(producer, topics.reconciled(), "B", 3, b2);
        }
        Report lossy = PipelineAccounting.check(kafka.bootstrapServers(), topics, moreThanArrived, Duration.ofSeconds(30));
        assertThat(lossy.unaccounted()).hasSize(3)
                .anyMatch(s -> s.contains("C/sfpd/1"))
                .anyMatch(s -> s.contains("SCHEMA_VIOLATION"))
                .anyMatch(s -> s.contains("version 3 follows version 1"));
    }

    static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, String topic, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, "incident/x/y/telemetry".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))).get();
    }

    static void version(KafkaProducer<byte[], byte[]> producer, String topic, String id, long version, RecordMetadata source)
            throws Exception {
        ReconciledIncident incident = new ReconciledIncident(id, null, null, new TreeMap<>(),
                new Reconciliation(version, version == 1 ? DiffType.CREATE : DiffType.UPDATE, new TreeMap<>(Map.of("sffd", version)),
                        List.of("sffd"), List.of(), Instant.parse("2026-11-22T10:30:00Z"), List.of(),
                        new SourcePosition(source.topic(), source.partition(), source.offset())));
        producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), incident.toJson())).get();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
