package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.testsupport.WithKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code timeline}: each filter selects exactly the records that match it, read here from the topics
 * directly; the order is one; the GeoJSON opens in GDAL.
 */
@WithKafka
class TimelineTest {

    @Test
    void everyRecordOfTheWindowInOneOrder(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        List<JsonNode> events = events(ReviewScenario.run(scenario.command("timeline", "--from", "-3h")));
        assertThat(positions(events)).isEqualTo(expected(scenario, r -> true));
        List<String> kinds = events.stream().map(e -> e.get("kind").asString()).toList();
        assertThat(kinds).contains("edit", "dead_letter", "version", "conflict");
        for (int i = 1; i < events.size(); i++) {
            assertThat(Instant.parse(events.get(i).get("append_time").asString()))
                    .isAfterOrEqualTo(Instant.parse(events.get(i - 1).get("append_time").asString()));
        }
        JsonNode deadLetter = events.stream().filter(e -> e.get("kind").asString().equals("dead_letter")
                && e.get("reason").asString().equals("AGENCY_MISMATCH")).findFirst().orElseThrow();
        assertThat(deadLetter.get("agency").asString()).isEqualTo("sffd");
        assertThat(deadLetter.get("mqtt_topic").asString()).isEqualTo("incident/sffd/fire/telemetry");
        assertThat(deadLetter.get("detail").asString()).contains("smcfire");
    }

    @Test
    void everyRecordIsWrittenAsItWasPublishedOrLeftOutWhenItIsNotJson(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        Map<String, byte[]> published = new HashMap<>();
        for (String topic : scenario.reviewed()) {
            scenario.contents(topic).forEach(r -> published.put(r.topic() + "/" + r.partition() + "/" + r.offset(), r.value()));
        }
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("timeline", "--from", "-3h"));
        assertThat(run.status()).as(run.err()).isZero();
        int withRecord = 0;
        for (String line : run.out().lines().toList()) {
            JsonNode e = ContractJson.mapper().readTree(line);
            String value = new String(published.get(e.get("topic").asString() + "/" + e.get("partition").asInt() + "/" + e.get("offset").asLong()),
                    StandardCharsets.UTF_8);
            if (e.has("record")) {
                assertThat(line).endsWith(",\"record\":" + value + "}");
                withRecord++;
            } else {
                assertThat(value).as("only a value that is not JSON has no record").startsWith("{\"type\":\"Feature\",\"geometry\":").hasSize(29);
            }
            if (e.get("kind").asString().equals("version")) { // its geometry as the version holds it
                String geometry = line.substring(line.indexOf(",\"geometry\":") + 12, line.indexOf(",\"record\":"));
                assertThat(value).contains("\"geometry\":" + geometry + ",");
            }
        }
        assertThat(withRecord).as("all but the raw record that is not JSON and its dead letter").isEqualTo(published.size() - 2);
    }

    @Test
    void theFiltersAreExact(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        assertSelects(scenario, r -> key(r).equals("INC-AAR-2"), "--incident", "INC-AAR-2");
        assertSelects(scenario, r -> sentBy(r, "smcfire") || contributors(r).contains("smcfire"), "--agency", "smcfire");
        assertSelects(scenario, r -> mqttTopic(r).contains("/medical/") || key(r).equals("INC-AAR-2") && isVersion(r), "--type", "medical");
        // Around Oakland: the medical call's versions, and the one edit of it that carries a geometry.
        long located = firstOffset(scenario, "INC-AAR-2");
        assertSelects(scenario, r -> key(r).equals("INC-AAR-2") && (isVersion(r) || isRaw(r) && r.offset() == located),
                "--bbox", "-122.3,37.75,-122.2,37.85");
        Instant from = scenario.at(3);
        Instant to = scenario.at(8);
        assertSelects(scenario, r -> r.timestamp() >= from.toEpochMilli() && r.timestamp() <= to.toEpochMilli(),
                "--from", TelemetryCodec.formatTimestamp(from), "--to", TelemetryCodec.formatTimestamp(to));
    }

    private static void assertSelects(ReviewScenario scenario, Predicate<ConsumerRecord<byte[], byte[]>> matches, String... filter) {
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("timeline", filter));
        assertThat(positions(events(run))).as("timeline %s:%n%s", String.join(" ", filter), run.out()).isEqualTo(expected(scenario, matches));
    }

    @Test
    void asAnAgencyWithoutAConflictRoleItSeesItsOwnIncidentOnly(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        List<JsonNode> events = events(ReviewScenario.run(scenario.command("timeline", "--as", "oakfd")));
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.get("incident_id").asString()).isEqualTo("INC-AAR-2"));
        List<JsonNode> eoc = events(ReviewScenario.run(scenario.command("timeline", "--as", "oakfd", "--role", "eoc")));
        assertThat(positions(eoc)).isEqualTo(expected(scenario, r -> true));
    }

    @Test
    void theGeoJsonOpensInGdalWithEveryEventAndItsTimes(KafkaBroker kafka, @TempDir Path dir) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("timeline", "--format", "geojson", "--to", "now"));
        assertThat(run.status()).as(run.err()).isZero();
        Path file = Files.writeString(dir.resolve("timeline.geojson"), run.out());
        String info = ogrinfo(file);
        assertThat(info).contains("Feature Count: " + expected(scenario, r -> true).size(), "time_start: DateTime", "time_end: DateTime");

        JsonNode features = ContractJson.mapper().readTree(run.out()).get("features");
        List<JsonNode> versions = new ArrayList<>();
        features.forEach(f -> {
            if (f.get("properties").get("kind").asString().equals("version") && f.get("properties").get("incident_id").asString().equals("INC-AAR-2")) {
                versions.add(f.get("properties"));
            }
        });
        assertThat(versions).hasSize(3);
        assertThat(versions.get(0).get("time_end")).isEqualTo(versions.get(1).get("time_start"));
        assertThat(versions.get(1).get("time_end")).isEqualTo(versions.get(2).get("time_start"));
    }

    @Test
    void csvHasOneRowPerEvent(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("timeline", "--format", "csv", "--incident", "INC-AAR-1"));
        assertThat(run.status()).as(run.err()).isZero();
        List<String> rows = run.out().lines().toList();
        assertThat(rows.get(0)).startsWith("append_time,kind,topic,partition,offset,incident_id,agency,agencies,");
        assertThat(rows).hasSize(1 + expected(scenario, r -> key(r).equals("INC-AAR-1")).size());
        assertThat(rows).anyMatch(r -> r.contains(",dead_letter,") && r.contains(",AGENCY_MISMATCH,"));
        assertThat(rows).anyMatch(r -> r.contains(",conflict,") && r.contains(",severity,"));
    }

    @Test
    void everyVersionComesFromTheHistoryWhateverCompactionLeftOnTheReconciledTopic(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String compacted = scenario.compactedReconciled(kafka);
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("timeline", "--reconciled-topic", compacted));
        List<JsonNode> versions = versions(events(run));
        assertThat(versions).as("every version, from the history").hasSize(scenario.contents(scenario.topics.reconciled()).size())
                .containsExactlyInAnyOrderElementsOf(scenario.contents(scenario.topics.history()).stream()
                        .map(r -> ContractJson.mapper().readTree(r.value())).toList());
        assertThat(run.err()).contains("versions from " + scenario.topics.history()).doesNotContain("note:");

        ReviewScenario.Run withoutHistory = ReviewScenario.run(scenario.command("timeline", "--reconciled-topic", compacted,
                "--history-topic", "no-history-here"));
        assertThat(withoutHistory.err()).startsWith("note: topic no-history-here does not exist (--history-topic); versions are read from "
                + compacted + ", where compaction may have removed all but each incident's last");
        assertThat(versions(events(withoutHistory))).as("what compaction left: one version per incident").hasSize(3)
                .hasSizeLessThan(versions.size());
    }

    private static List<JsonNode> versions(List<JsonNode> events) {
        return events.stream().filter(e -> e.get("kind").asString().equals("version")).map(e -> e.get("record")).toList();
    }

    static String ogrinfo(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ogrinfo", "-ro", "-so", "-al", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ogrinfo (Debian gdal-bin, listed in .ci/apt-packages): %s", out).isZero();
        return out;
    }

    private static List<JsonNode> events(ReviewScenario.Run run) {
        assertThat(run.status()).as(run.err()).isZero();
        return run.out().lines().map(l -> ContractJson.mapper().readTree(l)).toList();
    }

    private static Set<String> positions(List<JsonNode> events) {
        Set<String> p = new TreeSet<>();
        events.forEach(e -> p.add(e.get("topic").asString() + "/" + e.get("partition").asInt() + "/" + e.get("offset").asLong()));
        assertThat(p).as("no event twice").hasSize(events.size());
        return p;
    }

    /** The positions of every record of raw, dlq, history and conflicts that {@code matches}. */
    private static Set<String> expected(ReviewScenario scenario, Predicate<ConsumerRecord<byte[], byte[]>> matches) {
        Set<String> p = new TreeSet<>();
        for (String topic : scenario.reviewed()) {
            for (ConsumerRecord<byte[], byte[]> r : scenario.contents(topic)) {
                if (matches.test(r)) {
                    p.add(r.topic() + "/" + r.partition() + "/" + r.offset());
                }
            }
        }
        return p;
    }

    private static long firstOffset(ReviewScenario scenario, String incident) {
        return scenario.contents(scenario.topics.raw()).stream().filter(r -> key(r).equals(incident)).mapToLong(ConsumerRecord::offset).min().orElseThrow();
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    private static String mqttTopic(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(MqttHeaders.TOPIC);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static boolean sentBy(ConsumerRecord<byte[], byte[]> r, String agency) {
        return mqttTopic(r).startsWith("incident/" + agency + "/");
    }

    private static boolean isRaw(ConsumerRecord<byte[], byte[]> r) {
        return r.topic().startsWith("raw-");
    }

    private static boolean isVersion(ConsumerRecord<byte[], byte[]> r) {
        return r.topic().startsWith("history-");
    }

    /** A version's contributing agencies, or a conflict's competing ones. */
    private static List<String> contributors(ConsumerRecord<byte[], byte[]> r) {
        if (isVersion(r)) {
            return ReconciledIncident.fromJson(r.value()).reconciliation().agencies();
        }
        if (r.topic().startsWith("conflicts-")) {
            return ConflictRecord.fromJson(r.value()).competing().stream().map(c -> c.agencyId()).toList();
        }
        return List.of();
    }
}
