package io.incidentfeeds.processor.topology;

import static io.incidentfeeds.processing.Payloads.SFFD_FIRE;
import static io.incidentfeeds.processing.Payloads.properties;
import static io.incidentfeeds.processing.Payloads.seed;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.geometry.NormalizationChange;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.normalize.NormalizedEditJson;
import io.incidentfeeds.processor.RawRecords;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What comes out for reconciliation when an edit is good: normalized, keyed by incident, located. */
class NormalizedEditsTest {

    private final ProcessorScenario scenario = new ProcessorScenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void aFirePointInSanFranciscoGoesToReconciliationKeyedByIncidentInSfCounty() {
        scenario.publish(SFFD_FIRE, seed());

        NormalizedEdit edit = scenario.onlyEdit();
        assertThat(edit.incidentId()).isEqualTo("INC-2026-0001");
        assertThat(edit.edit().incidentType()).as("filled from the MQTT topic").isEqualTo("fire");
        assertThat(edit.geometry()).isEqualTo(Payloads.json("{\"type\":\"Point\",\"coordinates\":[-122.4194,37.7749]}"));
        assertThat(edit.bbox()).containsExactly(-122.4194, 37.7749, -122.4194, 37.7749);
        assertThat(edit.jurisdictions()).containsExactly("sf-county");
        assertThat(edit.source()).isEqualTo(new SourcePosition("incidents.raw", 0, 0));
        assertThat(scenario.metrics.inCount()).isEqualTo(1.0);
        assertThat(scenario.metrics.outCount()).isEqualTo(1.0);
    }

    @Test
    void theEditKeepsTheRawRecordsMqttHeadersAndIngestTime() {
        scenario.publish(SFFD_FIRE, seed());

        TestRecord<byte[], byte[]> record = scenario.normalizedRecords().get(0);
        assertThat(RawRecords.headerMap(record.headers()))
                .containsEntry(MqttHeaders.TOPIC, SFFD_FIRE)
                .containsEntry(MqttHeaders.MESSAGE_ID, "42");
        assertThat(record.getRecordTime()).isEqualTo(ProcessorScenario.INGEST);
    }

    @Test
    void aLegacyMercatorFeedIsReprojectedToWgs84AndLosesItsCrs() {
        ObjectNode feature = Payloads.valid("legacy-epsg3857");
        properties(feature).put("timestamp", "2026-11-22T10:30:00Z");
        scenario.publish("incident/sfpw/hazard/telemetry", feature);

        NormalizedEdit edit = scenario.onlyEdit();
        assertThat(edit.edit().crs()).isNull();
        assertThat(edit.geometry().get("coordinates").get(0).asDouble()).isEqualTo(-122.416667);
        assertThat(edit.geometry().get("coordinates").get(1).asDouble()).isEqualTo(37.774897);
        assertThat(edit.jurisdictions()).containsExactly("sf-county");
        assertThat(scenario.metrics.changeCount(NormalizationChange.REPROJECTED)).isEqualTo(1.0);
    }

    @Test
    void aClockwisePerimeterIsTurnedCounterClockwiseAndItsAttributesAndClockSurvive() {
        ObjectNode feature = Payloads.valid("polygon-with-clock-and-attributes");
        ArrayNode ring = (ArrayNode) feature.get("geometry").get("coordinates").get(0);
        List<JsonNode> clockwise = new ArrayList<>(ring.valueStream().toList());
        Collections.reverse(clockwise);
        ring.removeAll().addAll(clockwise);
        properties(feature).put("timestamp", "2026-11-22T10:30:00Z");
        scenario.publish(topicOf(feature), feature);

        NormalizedEdit edit = scenario.onlyEdit();
        assertThat(edit.edit().attributes()).isEqualTo(TelemetryCodec.read(feature).attributes());
        assertThat(edit.edit().clock()).isEqualTo(TelemetryCodec.read(feature).clock());
        assertThat(scenario.metrics.changeCount(NormalizationChange.REORIENTED)).isEqualTo(1.0);
        assertThat(ContractValidator.shared().validate(ContractSchema.TELEMETRY, NormalizedEditJson.toJson(edit).get("feature")))
                .isEmpty();
    }

    @Test
    void aDeleteWithoutGeometryHasNoBboxAndNoJurisdictions() {
        ObjectNode feature = Payloads.valid("delete");
        properties(feature).put("timestamp", "2026-11-22T10:30:00Z");
        scenario.publish("incident/sfpd/crime/telemetry", feature);

        NormalizedEdit edit = scenario.onlyEdit();
        assertThat(edit.edit().isDelete()).isTrue();
        assertThat(edit.geometry()).isNull();
        assertThat(edit.bbox()).isEmpty();
        assertThat(edit.jurisdictions()).isEmpty();
    }

    @Test
    void everyContractExampleComesOutExactlyOnceEitherNormalizedOrDeadLettered() {
        Map<String, JsonNode> examples = Payloads.documentsUnder("examples/telemetry");
        examples.values().forEach(feature -> publishAsItsAgency(scenario, feature));

        int normalized = scenario.normalizedRecords().size();
        int deadLettered = scenario.deadLetters().size();
        assertThat(normalized + deadLettered).isEqualTo(examples.size());
        assertThat(scenario.metrics.inCount()).isEqualTo(examples.size());
        assertThat(deadLettered).as("at least the invalid examples")
                .isGreaterThanOrEqualTo((int) examples.keySet().stream().filter(name -> name.startsWith("invalid")).count());
    }

    @Test
    void replayingTheSameRawRecordsYearsLaterGivesTheSameBytes() {
        List<String> firstEdits;
        List<String> firstDeadLetters;
        try (ProcessorScenario first = new ProcessorScenario(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER), Instant.now())) {
            publishEveryExampleAtTheSeedsTime(first);
            firstEdits = texts(first.normalizedRecords());
            firstDeadLetters = first.deadLetters().stream().map(NormalizedEditsTest::text).toList();
        }
        try (ProcessorScenario replay = new ProcessorScenario(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER),
                Instant.now().plus(Duration.ofDays(1000)))) {
            publishEveryExampleAtTheSeedsTime(replay);
            assertThat(texts(replay.normalizedRecords())).containsExactlyElementsOf(firstEdits);
            assertThat(replay.deadLetters().stream().map(NormalizedEditsTest::text)).containsExactlyElementsOf(firstDeadLetters);
        }
        assertThat(firstEdits).hasSizeGreaterThan(3);
        assertThat(firstDeadLetters).hasSizeGreaterThan(3);
    }

    private static void publishEveryExampleAtTheSeedsTime(ProcessorScenario s) {
        for (JsonNode example : Payloads.documentsUnder("examples/telemetry").values()) {
            if (example.path("properties").has("timestamp")) {
                properties((ObjectNode) example).put("timestamp", "2026-11-22T10:30:00Z");
            }
            publishAsItsAgency(s, example);
        }
    }

    private static void publishAsItsAgency(ProcessorScenario s, JsonNode feature) {
        s.publish(topicOf(feature), Payloads.bytes(feature), RawRecords.mqttHeaders(topicOf(feature)), ProcessorScenario.INGEST);
    }

    private static List<String> texts(List<TestRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8) + " " + new String(r.value(), StandardCharsets.UTF_8)
                + " " + RawRecords.headerMap(r.headers())).toList();
    }

    private static String text(ProcessorScenario.DeadLetter letter) {
        return letter.keyText() + " " + new String(letter.value(), StandardCharsets.UTF_8) + " " + letter.headers();
    }

    /** The topic an example belongs on: its agency, and its incident type or "fire". */
    private static String topicOf(JsonNode feature) {
        JsonNode p = feature.path("properties");
        String agency = p.path("agency_id").asString("sffd");
        String type = p.path("incident_type").asString("fire");
        return "incident/" + (agency.matches("[a-z0-9_-]{2,32}") ? agency : "sffd") + "/" + type + "/telemetry";
    }
}
