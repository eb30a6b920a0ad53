package io.incidentfeeds.processor.topology;

import static io.incidentfeeds.processing.Payloads.SFFD_FIRE;
import static io.incidentfeeds.processing.Payloads.properties;
import static io.incidentfeeds.processing.Payloads.seed;
import static io.incidentfeeds.processing.Payloads.seedWithGeometry;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processor.RawRecords;
import io.incidentfeeds.processor.topology.ProcessorScenario.DeadLetter;
import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * One scenario per dead-letter reason of the contract: what an agency (or the connector, or the
 * processor itself) does wrong, and the dead letter that says so. Every dead letter is checked
 * against dead-letter-record.schema.json, carries the raw record's key, bytes and headers
 * unchanged, and says where the raw record was read.
 */
class DeadLetterScenariosTest {

    private ProcessorScenario scenario = new ProcessorScenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void aPayloadTheConnectorDroppedAsOversizeIsDeadLetteredAsPayloadTooLarge() {
        Headers headers = RawRecords.exampleHeaders("oversize-payload-dropped-by-connector");
        scenario.publish(SFFD_FIRE, RawRecords.exampleValue("oversize-payload-dropped-by-connector"), headers, ProcessorScenario.INGEST);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.PAYLOAD_TOO_LARGE, FailureStage.VALIDATE, new byte[0]);
        assertThat(letter.detail()).contains("1048576", MqttHeaders.PAYLOAD_OVERSIZE_BYTES);
        assertThat(letter.headers()).containsEntry(MqttHeaders.PAYLOAD_OVERSIZE_BYTES, "1048576");
    }

    @Test
    void aPayloadOverTheContractLimitIsDeadLetteredAsPayloadTooLargeWithoutBeingParsed() {
        ObjectNode feature = seed();
        properties(feature).put("description", "x".repeat(300_000));
        byte[] payload = Payloads.bytes(feature);
        scenario.publish(SFFD_FIRE, payload);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.PAYLOAD_TOO_LARGE, FailureStage.VALIDATE, payload);
        assertThat(letter.detail()).contains(Integer.toString(payload.length), Integer.toString(ContractJson.MAX_PAYLOAD_BYTES));
    }

    @Test
    void anEmptyPayloadIsDeadLetteredAsPayloadTooLarge() {
        scenario.publish(SFFD_FIRE, new byte[0]);

        assertThat(scenario.onlyDeadLetter().detail()).isEqualTo("payload is empty");
    }

    @Test
    void aMessageCutOffMidwayIsDeadLetteredAsMalformedJson() {
        byte[] whole = Payloads.bytes(seed());
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        scenario.publish(SFFD_FIRE, truncated);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.MALFORMED_JSON, FailureStage.VALIDATE, truncated);
        assertThat(letter.detail()).startsWith("payload is not JSON");
    }

    @Test
    void aLatin1EncodedMessageIsDeadLetteredAsMalformedJson() {
        ObjectNode feature = seed();
        properties(feature).put("address", "Calle Señora 5");
        byte[] latin1 = feature.toString().getBytes(StandardCharsets.ISO_8859_1);
        scenario.publish(SFFD_FIRE, latin1);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.MALFORMED_JSON, FailureStage.VALIDATE, latin1);
        assertThat(letter.detail()).startsWith("payload is not UTF-8");
    }

    @Test
    void aFeatureWithoutIncidentIdIsDeadLetteredAsSchemaViolationNamingThePointer() {
        byte[] payload = Payloads.bytes(Payloads.invalid("missing-incident-id"));
        scenario.publish(SFFD_FIRE, payload);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.SCHEMA_VIOLATION, FailureStage.VALIDATE, payload);
        assertThat(letter.detail()).startsWith("/properties/incident_id: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"geometry", "deleted"})
    void aGeometryOrDeletionSentAsAPropertyIsDeadLetteredAsSchemaViolationNotTakenAsTheIncidentsOwn(String reserved) {
        byte[] payload = Payloads.bytes(Payloads.invalid(reserved + "-as-property"));
        scenario.publish(SFFD_FIRE, payload);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.SCHEMA_VIOLATION, FailureStage.VALIDATE, payload);
        assertThat(letter.detail()).startsWith("/properties/" + reserved + ": ");
    }

    @Test
    void anAgencyWritingAsAnotherIsDeadLetteredAsAgencyMismatch() {
        ObjectNode feature = seed();
        properties(feature).put("agency_id", "sfpd");
        scenario.publish(SFFD_FIRE, feature);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.AGENCY_MISMATCH, FailureStage.VALIDATE, Payloads.bytes(feature));
        assertThat(letter.detail()).contains("'sfpd'", "'sffd'", SFFD_FIRE);
    }

    @Test
    void aMedicalEditOnTheFireTopicIsDeadLetteredAsTypeMismatch() {
        ObjectNode feature = seed();
        properties(feature).put("incident_type", "medical");
        scenario.publish(SFFD_FIRE, feature);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.TYPE_MISMATCH, FailureStage.VALIDATE, Payloads.bytes(feature));
        assertThat(letter.detail()).contains("'medical'", "'fire'");
    }

    @Test
    void anEditStampedAnHourAfterItReachedKafkaIsDeadLetteredAsTimestampOutOfRange() {
        ObjectNode feature = seed();
        properties(feature).put("timestamp", "2026-11-22T11:30:05Z");
        scenario.publish(SFFD_FIRE, feature);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.TIMESTAMP_OUT_OF_RANGE, FailureStage.VALIDATE, Payloads.bytes(feature));
        assertThat(letter.detail()).contains("2026-11-22T11:30:05Z", "PT5M", "ahead of ingest time 2026-11-22T10:30:05Z");
    }

    @Test
    void anEditEightDaysOlderThanItsArrivalIsDeadLetteredAsTimestampOutOfRange() {
        ObjectNode feature = seed();
        properties(feature).put("timestamp", "2026-11-14T10:30:00Z");
        scenario.publish(SFFD_FIRE, feature);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.TIMESTAMP_OUT_OF_RANGE, FailureStage.VALIDATE, Payloads.bytes(feature));
        assertThat(letter.detail()).contains("PT168H", "older than ingest time");
    }

    @Test
    void theTimestampWindowIsMeasuredFromIngestTimeSoAReplayYearsLaterStillAcceptsTheEdit() {
        scenario.close();
        scenario = new ProcessorScenario(g -> List.of(), ProcessorScenario.INGEST.plus(Duration.ofDays(3 * 365)));
        scenario.publish(SFFD_FIRE, seed());

        assertThat(scenario.onlyEdit().incidentId()).isEqualTo("INC-2026-0001");
    }

    @Test
    void aLegacyFeedInACrsNobodyKnowsIsDeadLetteredAsUnsupportedCrs() {
        ObjectNode feature = legacyMercatorFeed();
        feature.put("crs", "EPSG:999999");
        scenario.publish("incident/sfpw/hazard/telemetry", feature);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.UNSUPPORTED_CRS, FailureStage.NORMALIZE, Payloads.bytes(feature));
        assertThat(letter.detail()).contains("EPSG:999999");
    }

    @Test
    void aLatitudeOfNinetyOneIsDeadLetteredAsCoordinateOutOfRange() {
        ObjectNode feature = seedWithGeometry("{\"type\":\"Point\",\"coordinates\":[-122.4194,91.0]}");
        scenario.publish(SFFD_FIRE, feature);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.COORDINATE_OUT_OF_RANGE, FailureStage.NORMALIZE, Payloads.bytes(feature));
        assertThat(letter.detail()).contains("latitude 91.0");
    }

    @Test
    void aMercatorEastingBeyondTheWorldIsDeadLetteredAsCoordinateOutOfRangeNotClampedToTheAntimeridian() {
        ObjectNode feature = legacyMercatorFeed();
        feature.set("geometry", Payloads.json("{\"type\":\"Point\",\"coordinates\":[30000000.0,4547675.0]}"));
        scenario.publish("incident/sfpw/hazard/telemetry", feature);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DlqReason.COORDINATE_OUT_OF_RANGE);
        assertThat(letter.detail()).contains("3.0E7", "EPSG:3857");
    }

    @Test
    void aPerimeterWhoseHoleSticksOutOfItIsDeadLetteredAsInvalidGeometry() {
        ObjectNode feature = seedWithGeometry("{\"type\":\"Polygon\",\"coordinates\":["
                + "[[-122.45,37.76],[-122.43,37.76],[-122.43,37.78],[-122.45,37.78],[-122.45,37.76]],"
                + "[[-122.44,37.77],[-122.42,37.77],[-122.42,37.79],[-122.44,37.79],[-122.44,37.77]]]}");
        scenario.publish(SFFD_FIRE, feature);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.INVALID_GEOMETRY, FailureStage.NORMALIZE, Payloads.bytes(feature));
        assertThat(letter.detail()).contains("Self-intersection", "ambiguous");
    }

    @Test
    void aClockThatDisagreesWithTheSequenceNumberIsDeadLetteredAsClockInvalid() {
        ObjectNode feature = seed();
        properties(feature).putObject("clock").put("sffd", 2).put("calfire", 3);
        scenario.publish(SFFD_FIRE, feature);

        DeadLetter letter = scenario.onlyDeadLetter();
        assertRejected(letter, DlqReason.CLOCK_INVALID, FailureStage.VALIDATE, Payloads.bytes(feature));
        assertThat(letter.detail()).isEqualTo("properties.clock.sffd is 2 but properties.sequence_number is 1");
    }

    @Test
    void aFailureInsideTheProcessorIsDeadLetteredAsInternalErrorAndTheNextEditStillFlows() {
        AtomicInteger lookups = new AtomicInteger();
        scenario.close();
        scenario = new ProcessorScenario(geometry -> {
            if (lookups.incrementAndGet() == 1) {
                throw new IllegalStateException("jurisdiction index corrupted");
            }
            return List.of("sf-county");
        });
        ObjectNode first = seed();
        ObjectNode second = seed();
        properties(second).put("sequence_number", 2);
        scenario.publish(SFFD_FIRE, first);
        scenario.publish(SFFD_FIRE, second);

        List<DeadLetter> letters = scenario.deadLetters();
        assertThat(letters).hasSize(1);
        assertRejected(letters.get(0), DlqReason.INTERNAL_ERROR, FailureStage.NORMALIZE, Payloads.bytes(first));
        assertThat(letters.get(0).detail())
                .startsWith("java.lang.IllegalStateException: jurisdiction index corrupted")
                .contains("at io.incidentfeeds.processing.normalize.EditNormalizer.normalize(");
        assertThat(scenario.normalizedRecords()).singleElement()
                .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"sequence_number\":2"));
    }

    /** The contract's EPSG:3857 example, sent at the seed's time so that only its geometry can fail. */
    private static ObjectNode legacyMercatorFeed() {
        ObjectNode feature = Payloads.valid("legacy-epsg3857");
        properties(feature).put("timestamp", properties(seed()).get("timestamp").asString());
        return feature;
    }

    /**
     * The dead letter names the reason and the stage, carries the raw record exactly (key, value,
     * mqtt.* headers), points at where it was read, and was counted.
     */
    private void assertRejected(DeadLetter letter, DlqReason reason, FailureStage stage, byte[] rawValue) {
        assertThat(letter.reason()).isEqualTo(reason);
        assertThat(letter.stage()).isEqualTo(stage);
        assertThat(letter.keyText()).isEqualTo(letter.headers().get(MqttHeaders.TOPIC));
        assertThat(letter.value()).isEqualTo(rawValue);
        assertThat(letter.headers())
                .containsEntry(MqttHeaders.QOS, "1")
                .containsEntry(MqttHeaders.MESSAGE_ID, "42")
                .containsEntry(DlqHeaders.SOURCE_TOPIC, "incidents.raw")
                .containsEntry(DlqHeaders.SOURCE_PARTITION, "0")
                .containsEntry(DlqHeaders.SOURCE_OFFSET, "0");
        assertThat(letter.timestamp()).isEqualTo(ProcessorScenario.INGEST);
        assertThat(scenario.metrics.deadLetteredCount(reason)).isEqualTo(1.0);
    }
}
