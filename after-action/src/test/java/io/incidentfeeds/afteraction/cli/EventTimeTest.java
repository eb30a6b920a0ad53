package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.testsupport.WithKafka;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code as-of --event-time T [--horizon H]} on crafted edits: a device whose clock runs behind stamps
 * an edit before one it had already seen, and a unit offline for a while delivers an edit long after
 * it made it. The picture holds the edits stamped by T, their causal past whatever its stamps, and
 * only what had been appended by the horizon. The raw topic keeps the records' own times (CreateTime),
 * so the story sets when each edit reached Kafka.
 */
@WithKafka
class EventTimeTest {

    private static final Instant B = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    private static String bootstrap;
    private static String raw;

    @BeforeAll
    static void story(KafkaBroker kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        raw = kafka.createTopic(KafkaBroker.uniqueName("raw-event-time"), 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // made at, appended at
            send(producer, edit("sffd", "INC-EVT-1", 1, "{\"sffd\":1}", "\"status\":\"active\"", 0), 1);
            send(producer, edit("smcfire", "INC-EVT-1", 1, "{\"sffd\":1,\"smcfire\":1}", "\"status\":\"active\",\"severity\":\"moderate\"", 10), 11);
            // sffd's clock runs behind: it stamps B+5 an edit made after it saw smcfire's (stamped B+10)
            send(producer, edit("sffd", "INC-EVT-1", 2, "{\"sffd\":2,\"smcfire\":1}", "\"status\":\"contained\"", 5), 21);
            // a calfire unit offline: its edit, made at B+3, reaches Kafka at B+40
            send(producer, edit("calfire", "INC-EVT-2", 1, "{\"calfire\":1}", "\"status\":\"active\"", 3), 40);
            send(producer, edit("sffd", "INC-EVT-1", 3, "{\"sffd\":3,\"smcfire\":1}", "\"status\":\"contained\",\"severity\":\"critical\"", 50), 51);
        }
    }

    @Test
    void theEditsStampedByTheInstantAndTheirCausalPastAmongThoseReceivedByTheHorizon() {
        ReviewScenario.Run run = asOf("--event-time", at(6), "--horizon", at(30));
        Map<String, ReconciledIncident> picture = picture(run);
        assertThat(picture).containsOnlyKeys("INC-EVT-1");
        ReconciledIncident fire = picture.get("INC-EVT-1");
        assertThat(fire.property("status")).as("sffd's edit stamped B+5").isEqualTo("contained");
        assertThat(fire.property("severity")).as("smcfire's, stamped B+10, in sffd's causal past").isEqualTo("moderate");
        assertThat(fire.reconciliation().clock()).containsExactlyInAnyOrderEntriesOf(Map.of("sffd", 2L, "smcfire", 1L));
        assertThat(run.err()).as("three raw records appended by the horizon").contains("3 raw records read, 0 refused, 2 edits stamped by then and 1 more as their causal past, "
                + "1 incidents (0 deleted), 1 shown");
    }

    @Test
    void aLateArrivalMadeBeforeTheInstantCountsOnceTheHorizonReachesIt() {
        assertThat(picture(asOf("--event-time", at(6), "--horizon", at(45)))).containsOnlyKeys("INC-EVT-1", "INC-EVT-2");
        Map<String, ReconciledIncident> byNow = picture(asOf("--event-time", at(6)));
        assertThat(byNow).containsOnlyKeys("INC-EVT-1", "INC-EVT-2");
        assertThat(byNow.get("INC-EVT-1").property("severity")).as("sffd's B+50 edit is after the instant").isEqualTo("moderate");
        assertThat(picture(asOf("--event-time", at(60))).get("INC-EVT-1").property("severity")).isEqualTo("critical");
    }

    @Test
    void withoutTheCausalPastAnInstantBeforeEveryEditIsEmpty() {
        ReviewScenario.Run run = asOf("--event-time", at(-1));
        assertThat(picture(run)).isEmpty();
        assertThat(run.err()).contains("0 edits stamped by then and 0 more as their causal past");
    }

    @Test
    void badCombinationsAreUsageErrorsAndAnInvertedHorizonABadWindow() {
        assertThat(asOf("--event-time", at(6), "--known-at", at(6)).err()).isEqualTo("after-action: give one of --known-at and --event-time\n");
        assertThat(asOf("--event-time", at(6), "--known-at", at(6)).status()).isEqualTo(2);
        ReviewScenario.Run horizonAlone = asOf("--known-at", at(6), "--horizon", at(30));
        assertThat(horizonAlone.status()).isEqualTo(2);
        assertThat(horizonAlone.err()).isEqualTo("after-action: --horizon goes with --event-time\n");
        ReviewScenario.Run inverted = asOf("--event-time", at(30), "--horizon", at(6));
        assertThat(inverted.status()).isEqualTo(3);
        assertThat(inverted.err()).startsWith("after-action: the instants are inverted: --horizon ");
    }

    private static ReviewScenario.Run asOf(String... options) {
        List<String> args = new ArrayList<>(List.of("as-of", "--bootstrap", bootstrap, "--raw-topic", raw, "--format", "ndjson"));
        args.addAll(List.of(options));
        return ReviewScenario.run(args);
    }

    private static Map<String, ReconciledIncident> picture(ReviewScenario.Run run) {
        assertThat(run.status()).as(run.err()).isZero();
        Map<String, ReconciledIncident> picture = new TreeMap<>();
        run.out().lines().forEach(l -> {
            ReconciledIncident i = ReconciledIncident.fromJson(l.getBytes(StandardCharsets.UTF_8));
            picture.put(i.id(), i);
        });
        return picture;
    }

    private static String at(int seconds) {
        return TelemetryCodec.formatTimestamp(B.plusSeconds(seconds));
    }

    private record Edit(String mqttTopic, String payload) {
    }

    private static Edit edit(String agency, String incident, int seq, String clock, String properties, int madeAt) {
        String type = "fire";
        return new Edit("incident/" + agency + "/" + type + "/telemetry", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[-122.42,37.77]},\"properties\":{\"incident_id\":\"" + incident + "\",\"agency_id\":\"" + agency + "\","
                + properties + ",\"timestamp\":\"" + at(madeAt) + "\",\"sequence_number\":" + seq + ",\"clock\":" + clock + "}}");
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Edit edit, int appendedAt) throws Exception {
        byte[] value = edit.payload().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(MqttHeaders.TOPIC, edit.mqttTopic().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(raw, null, B.plusSeconds(appendedAt).toEpochMilli(),
                RawRecordKey.of(edit.mqttTopic(), value).getBytes(StandardCharsets.UTF_8), value, headers)).get();
    }
}
