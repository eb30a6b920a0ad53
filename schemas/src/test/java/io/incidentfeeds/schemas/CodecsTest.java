package io.incidentfeeds.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.geojson.GeoJsonGeometries;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.reconciled.ConflictSummary;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.Dot;
import io.incidentfeeds.schemas.reconciled.Reconciliation;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.EditOp;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttTopic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.util.RawValue;

class CodecsTest {

    static final Path EXAMPLES = ExamplesTest.EXAMPLES;

    static JsonNode example(String path) throws IOException {
        return ContractJson.mapper().readTree(Files.readString(EXAMPLES.resolve(path)));
    }

    @Test
    void readsTheSeedTelemetryIntoTypedFields() throws IOException {
        Telemetry seed = TelemetryCodec.read(example("telemetry/valid/seed.json"));

        assertThat(seed.incidentId()).isEqualTo("INC-2026-0001");
        assertThat(seed.agencyId()).isEqualTo("sffd");
        assertThat(seed.incidentType()).isNull();
        assertThat(seed.status()).isEqualTo(IncidentStatus.ACTIVE);
        assertThat(seed.severity()).isNull();
        assertThat(seed.timestamp()).isEqualTo(Instant.parse("2026-11-22T10:30:00Z"));
        assertThat(seed.sequenceNumber()).isEqualTo(1);
        assertThat(seed.op()).isEqualTo(EditOp.UPSERT);
        assertThat(seed.causalContext()).isEqualTo(Map.of("sffd", 1L));
        assertThat(seed.geometry().path("type").asString()).isEqualTo("Point");
    }

    @Test
    void telemetryWithClockOffsetAndAttributesSurvivesARoundTrip() throws IOException {
        Telemetry edit = TelemetryCodec.read(example("telemetry/valid/polygon-with-clock-and-attributes.json"));

        assertThat(edit.timestamp()).isEqualTo(Instant.parse("2026-11-22T19:05:12.250Z"));
        assertThat(edit.severity()).isEqualTo(Severity.SEVERE);
        assertThat(edit.clock()).containsExactly(Map.entry("calfire", 3L), Map.entry("sffd", 2L));
        assertThat(edit.attributes()).containsOnlyKeys("address", "title", "units");

        JsonNode written = TelemetryCodec.write(edit);
        assertThat(ContractValidator.shared().validate(ContractSchema.TELEMETRY, written)).isEmpty();
        assertThat(TelemetryCodec.read(written)).isEqualTo(edit);
    }

    @Test
    void timestampsParseExactlyAsJavaTimeDoesEvenAtTheEdgesOfRfc3339() {
        // parseTimestamp reads with ITU first; java.time's ISO_OFFSET_DATE_TIME must stay the judge
        for (String text : new String[] {"2026-11-22T08:00:00Z", "2026-11-22t08:00:00.250z", "2026-11-22T19:05:12.123456789+02:00",
                "2026-11-22T08:00:00-00:00", "2026-11-22 08:00:00Z", "2016-12-31T23:59:60Z", "2026-11-22T08:00:00.1234567891Z",
                "2026-02-30T08:00:00Z", "2026-11-22T08:00Z", "2026-11-22T24:00:00Z", "2026-11-22T08:00:00+0200", "2026-11-22T08:00:00.Z",
                "2026-11-22T08:00:00+18:00", "0000-01-01T00:00:00Z", "2026-11-22T08:00:00Z ", "2026-11-22"}) {
            Object expected;
            try {
                expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeException e) {
                expected = e.getMessage();
            }
            Object actual;
            try {
                actual = TelemetryCodec.parseTimestamp(text);
            } catch (DateTimeException e) {
                actual = e.getMessage();
            }
            assertThat(actual).as(text).isEqualTo(expected);
        }
    }

    @Test
    void aDeleteHasANullGeometry() throws IOException {
        Telemetry delete = TelemetryCodec.read(example("telemetry/valid/delete.json"));
        assertThat(delete.isDelete()).isTrue();
        assertThat(delete.geometry()).isNull();
        assertThat(ContractValidator.shared().validate(ContractSchema.TELEMETRY, TelemetryCodec.write(delete))).isEmpty();
    }

    @Test
    void reconciledIncidentRoundTripsToTheSameDocument() throws IOException {
        for (String name : new String[] {"create", "update-with-conflict", "delete", "antimeridian-split", "no-geometry-yet"}) {
            JsonNode original = example("reconciled-incident/valid/" + name + ".json");
            ReconciledIncident incident = ReconciledIncident.fromJson(ContractJson.mapper().writeValueAsBytes(original));
            JsonNode again = ContractJson.mapper().readTree(incident.toJson());

            assertThat(again).as(name).isEqualTo(original);
            assertThat(ContractValidator.shared().validate(ContractSchema.RECONCILED_INCIDENT, again)).isEmpty();
        }
        ReconciledIncident update = ReconciledIncident.fromJson(
                ContractJson.mapper().writeValueAsBytes(example("reconciled-incident/valid/update-with-conflict.json")));
        assertThat(update.reconciliation().diffType()).isEqualTo(DiffType.UPDATE);
        assertThat(update.reconciliation().conflicts()).hasSize(1);
        assertThat(update.property("status")).isEqualTo("contained");
    }

    @Test
    void aReconciledIncidentStreamsTheBytesDatabindWritesForIt() throws IOException {
        for (String name : new String[] {"create", "update-with-conflict", "delete", "antimeridian-split", "no-geometry-yet"}) {
            ReconciledIncident incident = ReconciledIncident.fromJson(
                    ContractJson.mapper().writeValueAsBytes(example("reconciled-incident/valid/" + name + ".json")));
            assertThat(new String(incident.toJson(), StandardCharsets.UTF_8)).as(name)
                    .isEqualTo(ReconciledIncident.WRITER.writeValueAsString(incident));
        }
        // As the processor builds them: values as raw JSON, odd instants and numbers, empty lists.
        SortedMap<String, JsonNode> properties = new TreeMap<>(Map.of(
                "incident_id", JsonNodeFactory.instance.stringNode("INC-\"1\"\u00e9"),
                "units", JsonNodeFactory.instance.rawValueNode(new RawValue("[\"E1\",{\"a\":1.5e-7}]")),
                "status", JsonNodeFactory.instance.rawValueNode(new RawValue("\"active\""))));
        Reconciliation reconciliation = new Reconciliation(Long.MAX_VALUE, DiffType.CREATE, new TreeMap<>(Map.of("b", 2L, "a", 1L)),
                List.of("a", "b"), List.of(), Instant.parse("2026-11-22T19:05:12.000000001Z"),
                List.of(new ConflictSummary("severity", new Dot("a", 1), new Dot("b", 2))), new SourcePosition("incidents.raw", 0, 0));
        for (ReconciledIncident incident : List.of(
                new ReconciledIncident("INC-1", new double[] {-180.0, -0.000001, 1e-7, 89.999999}, JsonNodeFactory.instance.nullNode(),
                        properties, reconciliation),
                new ReconciledIncident("INC-1", null, JsonNodeFactory.instance.nullNode(), properties,
                        new Reconciliation(1, DiffType.DELETE, new TreeMap<>(), List.of(), List.of(), Instant.EPOCH, List.of(), null)))) {
            assertThat(new String(incident.toJson(), StandardCharsets.UTF_8))
                    .isEqualTo(ReconciledIncident.WRITER.writeValueAsString(incident));
        }
        // The bbox's doubles (streamed through ShortestDecimal) and a raw geometry, as the processor renders them.
        java.util.Random random = new java.util.Random(11);
        JsonNode rawGeometry = JsonNodeFactory.instance.rawValueNode(new RawValue("{\"type\":\"Point\",\"coordinates\":[-122.4,37.7]}"));
        for (int i = 0; i < 2_000; i++) {
            double[] bbox = new double[4];
            for (int k = 0; k < 4; k++) {
                double d = (random.nextDouble() - 0.5) * (k % 2 == 0 ? 360 : 180);
                bbox[k] = i % 2 == 0 ? Math.round(d * 1e6) / 1e6 : d;
            }
            ReconciledIncident incident = new ReconciledIncident("INC-1", bbox, rawGeometry, properties, reconciliation);
            assertThat(new String(incident.toJson(), StandardCharsets.UTF_8)).isEqualTo(ReconciledIncident.WRITER.writeValueAsString(incident));
        }
    }

    @Test
    void aConflictRecordStreamsTheBytesDatabindWritesForIt() throws IOException {
        for (String name : new String[] {"severity", "delete-versus-edit"}) {
            ConflictRecord conflict = ConflictRecord.fromJson(ContractJson.mapper().writeValueAsBytes(example("conflict/valid/" + name + ".json")));
            assertThat(new String(conflict.toJson(), StandardCharsets.UTF_8)).as(name)
                    .isEqualTo(ContractJson.mapper().writeValueAsString(conflict));
        }
        ConflictRecord rawValues = new ConflictRecord("INC-\"1\"", "units", List.of(
                new CompetingValue("a", 1, Instant.parse("2026-11-22T19:05:12.000000001Z"), null),
                new CompetingValue("b", Long.MAX_VALUE, Instant.EPOCH, JsonNodeFactory.instance.rawValueNode(new RawValue("[\"E1\",{\"a\":1.5e-7}]")))),
                new Dot("b", Long.MAX_VALUE), Instant.parse("2026-11-22T19:05:12.250Z"), 7);
        assertThat(new String(rawValues.toJson(), StandardCharsets.UTF_8)).isEqualTo(ContractJson.mapper().writeValueAsString(rawValues));
    }

    @Test
    void conflictRecordRoundTripsIncludingANullValue() throws IOException {
        for (String name : new String[] {"severity", "delete-versus-edit"}) {
            JsonNode original = example("conflict/valid/" + name + ".json");
            ConflictRecord conflict = ConflictRecord.fromJson(ContractJson.mapper().writeValueAsBytes(original));
            JsonNode again = ContractJson.mapper().readTree(conflict.toJson());
            assertThat(again).as(name).isEqualTo(original);
            assertThat(ContractValidator.shared().validate(ContractSchema.CONFLICT, again)).isEmpty();
        }
    }

    @Test
    void everyExampleGeometryConvertsToJtsAndBack() throws IOException {
        GeometryFactory factory = new GeometryFactory();
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("telemetry/valid"))) {
            for (Path file : files.toList()) {
                JsonNode geometry = ContractJson.mapper().readTree(Files.readString(file)).get("geometry");
                if (geometry.isNull()) {
                    continue;
                }
                Geometry jts = GeoJsonGeometries.read(geometry, factory);
                JsonNode back = GeoJsonGeometries.write(jts);
                assertThat(back).as("%s", file).isEqualTo(stripBbox(geometry));
            }
        }
    }

    @Test
    void anUnclosedRingIsClosedOnReadSoTheProcessorCanJudgeIt() {
        JsonNode open = ContractJson.mapper().readTree(
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}");
        Polygon polygon = (Polygon) GeoJsonGeometries.read(open, new GeometryFactory());
        assertThat(polygon.getExteriorRing().isClosed()).isTrue();
        assertThat(polygon.getExteriorRing().getNumPoints()).isEqualTo(5);
    }

    @Test
    void parsesOnlyTopicsOfTheContractForm() {
        assertThat(MqttTopic.parse("incident/sffd/fire/telemetry")).contains(new MqttTopic("sffd", "fire"));
        assertThat(MqttTopic.parse("incident/SFFD/fire/telemetry")).isEmpty();
        assertThat(MqttTopic.parse("incident/sffd/fire/status")).isEmpty();
        assertThat(MqttTopic.parse("incident/sffd/fire/telemetry/extra")).isEmpty();
        assertThat(MqttTopic.parse("incident//fire/telemetry")).isEmpty();
        assertThat(new MqttTopic("sf-ems", "medical").topicName()).isEqualTo("incident/sf-ems/medical/telemetry");
    }

    @Test
    void theParserRefusesHostileDocumentsBeforeTheyCostMemory() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> ContractJson.mapper().readTree(deep)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("depth");

        String hugeNumber = "{\"n\":" + "9".repeat(100_000) + "}";
        assertThatThrownBy(() -> ContractJson.mapper().readTree(hugeNumber)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("length");

        String hugeString = "{\"s\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        assertThatThrownBy(() -> ContractJson.mapper().readTree(hugeString)).isInstanceOf(JacksonException.class);
    }

    static JsonNode stripBbox(JsonNode geometry) {
        return ((tools.jackson.databind.node.ObjectNode) geometry.deepCopy()).without("bbox");
    }
}
