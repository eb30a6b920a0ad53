package io.incidentfeeds.processing.validation;

import static io.incidentfeeds.processing.Payloads.SFFD_FIRE;
import static io.incidentfeeds.processing.Payloads.properties;
import static io.incidentfeeds.processing.Payloads.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The validator alone: hostile payloads, the contract's examples, and the order of the checks. */
class TelemetryValidatorTest {

    private static final Instant INGEST = Instant.parse("2026-11-22T10:30:05Z");

    private final TelemetryValidator validator = new TelemetryValidator(TimestampWindow.DEFAULT);

    @Test
    void aTenMegabyteStringIsRefusedBySizeBeforeAnyParsing() {
        byte[] payload = ("{\"type\":\"Feature\",\"x\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertRejected(payload, DlqReason.PAYLOAD_TOO_LARGE, "payload is " + payload.length + " bytes; limit 262144");
    }

    @Test
    void tenThousandNestedArraysAreRefusedByTheParsersDepthLimit() {
        byte[] payload = ("{\"type\":\"Feature\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8);

        assertRejected(payload, DlqReason.MALFORMED_JSON, "nesting depth");
    }

    @Test
    void aNumberOfAThousandDigitsIsRefusedByTheParsersNumberLimit() {
        ObjectNode feature = seed();
        String payload = feature.toString().replace("-122.4194", "-1" + "2".repeat(1000));

        assertRejected(payload.getBytes(StandardCharsets.UTF_8), DlqReason.MALFORMED_JSON, "Number value length");
    }

    @Test
    void aMemberGivenTwiceIsMalformedBecauseWhichOneCountsWouldBeTheParsersChoice() {
        String payload = seed().toString().replace("\"status\":\"active\"", "\"status\":\"active\",\"status\":\"resolved\"");

        assertRejected(payload.getBytes(StandardCharsets.UTF_8), DlqReason.MALFORMED_JSON, "Duplicate Object property \"status\"");
    }

    @Test
    void twoDocumentsInOnePayloadAreMalformed() {
        String payload = seed().toString() + " " + seed().toString();

        assertRejected(payload.getBytes(StandardCharsets.UTF_8), DlqReason.MALFORMED_JSON, "payload is not JSON");
    }

    @Test
    void aPayloadOfExactlyTheLimitIsParsed() {
        ObjectNode feature = seed();
        properties(feature).put("description", "");
        int padding = ContractJson.MAX_PAYLOAD_BYTES - Payloads.bytes(feature).length;
        properties(feature).put("description", "d".repeat(padding));
        byte[] payload = Payloads.bytes(feature);

        assertThat(payload).hasSize(ContractJson.MAX_PAYLOAD_BYTES);
        assertThat(validate(payload).telemetry().attributes().get("description").asString()).hasSize(padding);
    }

    @Test
    void everyValidExampleOfTheContractPasses() {
        TelemetryValidator anyTime = new TelemetryValidator(new TimestampWindow(Duration.ofDays(100_000), Duration.ofDays(100_000)));
        Map<String, JsonNode> examples = Payloads.documentsUnder("examples/telemetry/valid");
        examples.values().forEach(feature -> {
            String agency = feature.path("properties").path("agency_id").asString();
            String type = feature.path("properties").path("incident_type").asString("fire");
            String topic = "incident/" + agency + "/" + type + "/telemetry";
            assertThat(anyTime.validate(raw(topic, Payloads.bytes(feature))).topic().agencyId()).isEqualTo(agency);
        });
        assertThat(examples).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void everyInvalidExampleOfTheContractIsASchemaViolationThatNamesAPointer() {
        Map<String, JsonNode> examples = Payloads.documentsUnder("examples/telemetry/invalid");
        examples.forEach((name, feature) -> assertThatThrownBy(() -> validate(Payloads.bytes(feature)))
                .as(name)
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.rejection().reason()).isEqualTo(DlqReason.SCHEMA_VIOLATION);
                    assertThat(e.rejection().detail()).startsWith("/");
                }));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(14);
    }

    @Test
    void aLeapSecondTheSchemaAllowsButJavaCannotReadIsStillASchemaViolationNotACrash() {
        ObjectNode feature = seed();
        properties(feature).put("timestamp", "2026-12-31T23:59:60Z");

        assertRejected(Payloads.bytes(feature), DlqReason.SCHEMA_VIOLATION, "/properties");
    }

    @Test
    void theFirstFailureInTheContractsOrderWins() {
        ObjectNode wrongAgencyTypeAndTime = seed();
        properties(wrongAgencyTypeAndTime).put("agency_id", "sfpd").put("incident_type", "medical").put("timestamp", "2030-01-01T00:00:00Z");
        assertRejected(Payloads.bytes(wrongAgencyTypeAndTime), DlqReason.AGENCY_MISMATCH, "'sfpd'");

        ObjectNode wrongTypeAndTime = seed();
        properties(wrongTypeAndTime).put("incident_type", "medical").put("timestamp", "2030-01-01T00:00:00Z");
        assertRejected(Payloads.bytes(wrongTypeAndTime), DlqReason.TYPE_MISMATCH, "'medical'");

        ObjectNode offSchemaAndWrongAgency = seed();
        properties(offSchemaAndWrongAgency).put("agency_id", "sfpd").put("status", "burning");
        assertRejected(Payloads.bytes(offSchemaAndWrongAgency), DlqReason.SCHEMA_VIOLATION, "/properties/status");
    }

    @Test
    void aRecordOnATopicOfAnotherShapeVouchesForNobody() {
        assertThatThrownBy(() -> validator.validate(new RawTelemetry("incident/sffd/telemetry", Payloads.bytes(seed()), null, INGEST)))
                .isInstanceOfSatisfying(RejectedException.class, e ->
                        assertThat(e.rejection().reason()).isEqualTo(DlqReason.AGENCY_MISMATCH));
    }

    @Test
    void withoutAKeyTheMqttTopicHeaderNamesTheSender() {
        Map<String, String> headers = Map.of(MqttHeaders.TOPIC, SFFD_FIRE);
        RawTelemetry raw = RawTelemetry.of(null, Payloads.bytes(seed()), headers::get, INGEST.toEpochMilli());

        assertThat(validator.validate(raw).topic().agencyId()).isEqualTo("sffd");
    }

    @Test
    void anUnreadableOversizeMarkerStillMeansOversize() {
        Map<String, String> headers = Map.of(MqttHeaders.TOPIC, SFFD_FIRE, MqttHeaders.PAYLOAD_OVERSIZE_BYTES, "lots");
        RawTelemetry raw = RawTelemetry.of(SFFD_FIRE.getBytes(StandardCharsets.UTF_8), new byte[0], headers::get, INGEST.toEpochMilli());

        assertThatThrownBy(() -> validator.validate(raw)).isInstanceOfSatisfying(RejectedException.class, e ->
                assertThat(e.rejection().reason()).isEqualTo(DlqReason.PAYLOAD_TOO_LARGE));
    }

    @Test
    void theTimestampWindowHasInclusiveEdges() {
        ObjectNode atTheSkew = seed();
        properties(atTheSkew).put("timestamp", "2026-11-22T10:35:05Z");
        ObjectNode atTheAge = seed();
        properties(atTheAge).put("timestamp", "2026-11-15T10:30:05Z");
        ObjectNode aMillisecondBeyond = seed();
        properties(aMillisecondBeyond).put("timestamp", "2026-11-22T10:35:05.001Z");

        assertThat(validate(Payloads.bytes(atTheSkew))).isNotNull();
        assertThat(validate(Payloads.bytes(atTheAge))).isNotNull();
        assertRejected(Payloads.bytes(aMillisecondBeyond), DlqReason.TIMESTAMP_OUT_OF_RANGE, "ahead of ingest time");
    }

    private ValidatedTelemetry validate(byte[] payload) {
        return validator.validate(raw(SFFD_FIRE, payload));
    }

    private static RawTelemetry raw(String topic, byte[] payload) {
        return new RawTelemetry(topic, payload, null, INGEST);
    }

    private void assertRejected(byte[] payload, DlqReason reason, String detailPart) {
        assertThatThrownBy(() -> validate(payload)).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.rejection().reason()).isEqualTo(reason);
            assertThat(e.rejection().detail()).contains(detailPart);
        });
    }
}
