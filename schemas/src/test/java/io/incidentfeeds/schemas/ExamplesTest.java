package io.incidentfeeds.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.json.SchemaViolation;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every example document under examples/{schema}/{valid,invalid} is judged as its folder says. */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("src/main/resources/examples");

    static Stream<Arguments> examples() throws IOException {
        List<Arguments> all = new java.util.ArrayList<>();
        for (ContractSchema schema : ContractSchema.values()) {
            if (schema == ContractSchema.GEOMETRY) {
                continue; // exercised through every document that holds a geometry
            }
            for (String kind : List.of("valid", "invalid")) {
                Path dir = EXAMPLES.resolve(folderOf(schema)).resolve(kind);
                try (Stream<Path> files = Files.list(dir)) {
                    files.sorted().forEach(f -> all.add(Arguments.of(schema, kind, f)));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("examples")
    void exampleIsJudgedAsItsFolderSays(ContractSchema schema, String kind, Path file) throws IOException {
        JsonNode document = ContractJson.mapper().readTree(Files.readString(file));
        List<SchemaViolation> violations = ContractValidator.shared().validate(schema, document);
        if (kind.equals("valid")) {
            assertThat(violations).as("violations of %s", file).isEmpty();
        } else {
            assertThat(violations).as("an invalid example must fail: %s", file).isNotEmpty();
            assertThat(violations.get(0).message()).isNotBlank();
        }
    }

    @Test
    void everySchemaHasValidAndInvalidExamples() throws IOException {
        for (ContractSchema schema : ContractSchema.values()) {
            if (schema == ContractSchema.GEOMETRY) {
                continue;
            }
            for (String kind : List.of("valid", "invalid")) {
                try (Stream<Path> files = Files.list(EXAMPLES.resolve(folderOf(schema)).resolve(kind))) {
                    assertThat(files.count()).as("%s %s examples", schema, kind).isPositive();
                }
            }
        }
    }

    @Test
    void everyDeadLetterReasonIsDescribableByTheContract() {
        for (DlqReason reason : DlqReason.values()) {
            Path example = EXAMPLES.resolve("dead-letter-record/valid")
                    .resolve(reason.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json");
            assertThat(example).as("an example dead letter for %s", reason).exists();
        }
    }

    @Test
    void everyProtocolErrorCodeHasAnExample() {
        for (ErrorCode code : ErrorCode.values()) {
            Path example = EXAMPLES.resolve("ws-server-message/valid")
                    .resolve("error-" + code.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json");
            assertThat(example).as("an example error for %s", code).exists();
        }
    }

    @Test
    void everyValidRawRecordExampleIsKeyedAsTheConnectorKeysIt() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("raw-record/valid"))) {
            for (Path file : files.toList()) {
                JsonNode record = ContractJson.mapper().readTree(Files.readString(file));
                byte[] payload = Base64.getDecoder().decode(record.get("value").asString());
                assertThat(record.get("key").asString()).as("key of %s", file)
                        .isEqualTo(RawRecordKey.of(record.get("headers").get("mqtt.topic").asString(), payload));
            }
        }
    }

    @Test
    void theSeedExampleValidates() {
        String seed = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-122.4194,37.7749]},"
                + "\"properties\":{\"incident_id\":\"INC-2026-0001\",\"agency_id\":\"sffd\",\"status\":\"active\","
                + "\"timestamp\":\"2026-11-22T10:30:00Z\",\"sequence_number\":1}}";
        assertThat(ContractValidator.shared().validate(ContractSchema.TELEMETRY, ContractJson.mapper().readTree(seed)))
                .isEmpty();
    }

    @Test
    void aViolationNamesTheJsonPointerOfTheField() throws IOException {
        JsonNode missing = ContractJson.mapper().readTree(
                Files.readString(EXAMPLES.resolve("telemetry/invalid/missing-incident-id.json")));
        assertThat(ContractValidator.shared().validate(ContractSchema.TELEMETRY, missing))
                .extracting(SchemaViolation::pointer)
                .contains("/properties/incident_id");

        JsonNode badStatus = ContractJson.mapper().readTree(
                Files.readString(EXAMPLES.resolve("telemetry/invalid/unknown-status.json")));
        assertThat(ContractValidator.shared().validate(ContractSchema.TELEMETRY, badStatus).get(0).pointer())
                .isEqualTo("/properties/status");
    }

    static String folderOf(ContractSchema schema) {
        return schema.fileName().replace(".schema.json", "");
    }
}
