package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Every bad input gets one clear line on stderr and its own exit status (AfterAction's list). */
@WithKafka
class BadInputTest {

    @Test
    void aTimeThatDoesNotParseOrAnInvertedWindow(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        ReviewScenario.Run bad = ReviewScenario.run(scenario.command("timeline", "--from", "yesterday"));
        assertThat(bad.status()).isEqualTo(3);
        assertThat(bad.err()).isEqualTo("after-action: --from 'yesterday' is not a time: give RFC 3339 with an offset "
                + "(2026-11-22T10:30:00Z), now, or a relative time (-6h, -30m, -45s, -2d)\n");
        ReviewScenario.Run inverted = ReviewScenario.run(scenario.command("timeline", "--from", "-1h", "--to", "-2h"));
        assertThat(inverted.status()).isEqualTo(3);
        assertThat(inverted.err()).startsWith("after-action: the window is inverted: --to ").contains(" is before --from ");
        assertThat(ReviewScenario.run(scenario.command("as-of", "--known-at", "2026-13-01T00:00:00Z")).status()).isEqualTo(3);
    }

    @Test
    void anUnknownTopic(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("timeline", "--dlq-topic", "no-such-topic"));
        assertThat(run.status()).isEqualTo(4);
        assertThat(run.err()).startsWith("after-action: topic 'no-such-topic' does not exist on " + kafka.bootstrapServers());
    }

    @Test
    void anInstantOlderThanTheRawTopicRetainsNamesTheOldestOne(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String raw = kafka.createTopic(KafkaBroker.uniqueName("trimmed-raw"), 1);
        Instant first = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(raw, null, first.plusSeconds(10L * i).toEpochMilli(), null,
                        "{}".getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        try (Admin admin = kafka.admin()) { // what retention does to a partition's oldest records
            admin.deleteRecords(Map.of(new TopicPartition(raw, 0), RecordsToDelete.beforeOffset(1))).all().get(30, TimeUnit.SECONDS);
        }
        Instant oldest = first.plusSeconds(10);
        ReviewScenario.Run timeline = ReviewScenario.run(scenario.command("timeline", "--raw-topic", raw,
                "--from", TelemetryCodec.formatTimestamp(first)));
        assertThat(timeline.status()).isEqualTo(5);
        assertThat(timeline.err()).isEqualTo("after-action: --from " + first + " is older than what " + raw
                + " retains: the oldest available instant is " + oldest + "\n");
        ReviewScenario.Run asOf = ReviewScenario.run(scenario.command("as-of", "--raw-topic", raw,
                "--known-at", TelemetryCodec.formatTimestamp(first.plusSeconds(5))));
        assertThat(asOf.status()).isEqualTo(5);
        assertThat(asOf.err()).contains("the oldest available instant is " + oldest);
        ReviewScenario.Run later = ReviewScenario.run(scenario.command("as-of", "--raw-topic", raw, "--known-at", "now"));
        assertThat(later.status()).isZero();
        assertThat(later.err()).contains("no longer holds records before " + oldest);
    }

    @Test
    void anUnreachableBrokerWithinTheTimeout() {
        long started = System.nanoTime();
        ReviewScenario.Run run = ReviewScenario.run(List.of("as-of", "--bootstrap", "127.0.0.1:1", "--timeout", "2", "--known-at", "now"));
        assertThat(run.status()).isEqualTo(6);
        assertThat(run.err()).isEqualTo("after-action: no Kafka broker answered at 127.0.0.1:1 within 2 s (--bootstrap, --client-config, --timeout)\n");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aConfigurationFileThatCannotBeRead(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        Path missing = Path.of("no-such-dir", "access.properties");
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("as-of", "--known-at", "now", "--as", "sffd",
                "--access-config", missing.toString()));
        assertThat(run.status()).isEqualTo(7);
        assertThat(run.err()).startsWith("after-action: cannot read --access-config " + missing);
        assertThat(ReviewScenario.run(scenario.command("timeline", "--client-config", missing.toString())).status()).isEqualTo(7);
    }

    @Test
    void aMissingOrUnknownOptionIsAUsageError() {
        ReviewScenario.Run missing = ReviewScenario.run(List.of("as-of"));
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("after-action: give one of --known-at, --event-time and --learned-late\n");
        assertThat(ReviewScenario.run(List.of("timeline", "--format", "shapefile")).status()).isEqualTo(2);
        assertThat(ReviewScenario.run(List.of("timeline", "--bbox", "1,2,3")).status()).isEqualTo(2);
    }
}
