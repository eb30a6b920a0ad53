package io.incidentfeeds.afteraction.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The timeline's one streaming pass over a version or a conflict gives the fields the contract's
 * decoders give, the geometry as the bytes the record holds, and the record as published; a record
 * with line breaks (the contract's pretty-printed examples) comes out compacted, the same JSON.
 */
class RecordScanTest {

    @ParameterizedTest
    @ValueSource(strings = {"antimeridian-split", "create", "delete", "no-geometry-yet", "update-with-conflict"})
    void aVersionGivesWhatItsDecoderGivesItsGeometryAndRecordAsTheyAre(String example) throws IOException {
        byte[] pretty = example("reconciled-incident/valid/" + example + ".json");
        ReconciledIncident v = ReconciledIncident.fromJson(pretty);
        byte[] compact = v.toJson();

        Event e = RecordScan.version(1_000, "history", 2, 7, compact);
        assertThat(e.kind()).isEqualTo(Event.Kind.VERSION);
        assertThat(e.incidentId()).isEqualTo(v.id());
        assertThat(e.incidentType()).isEqualTo(v.property("incident_type"));
        assertThat(e.status()).isEqualTo(v.property("status"));
        assertThat(e.severity()).isEqualTo(v.property("severity"));
        assertThat(e.versionNumber()).isEqualTo(v.reconciliation().version());
        assertThat(e.diffType()).isEqualTo(v.reconciliation().diffType() == null ? null : v.reconciliation().diffType().wire());
        assertThat(e.timestamp()).isEqualTo(TelemetryCodec.formatTimestamp(v.reconciliation().eventTime()));
        assertThat(e.agencies()).isEqualTo(v.reconciliation().agencies());
        assertThat(e.bbox()).isEqualTo(v.bbox() == null ? List.of() : Arrays.stream(v.bbox()).boxed().toList());
        assertThat(e.record()).as("as published").isEqualTo(compact);
        if (v.geometry() == null) {
            assertThat(e.geometry()).isNull();
        } else if (v.geometry().isNull()) {
            assertThat(e.geometry()).isEqualTo("null".getBytes(StandardCharsets.US_ASCII));
        } else {
            assertThat(new String(compact, StandardCharsets.UTF_8)).contains("\"geometry\":" + utf8(e.geometry()) + ",");
            assertThat(tree(e.geometry())).isEqualTo(v.geometry());
        }
        assertThat(e.version().toJson()).isEqualTo(compact);

        Event fromPretty = RecordScan.version(1_000, "history", 2, 7, pretty);
        assertThat(utf8(fromPretty.record())).doesNotContain("\n", "\r");
        assertThat(tree(fromPretty.record())).isEqualTo(tree(pretty));
        if (v.geometry() != null) {
            assertThat(utf8(fromPretty.geometry())).doesNotContain("\n");
            assertThat(tree(fromPretty.geometry())).isEqualTo(v.geometry());
        }
        assertThat(EventCodec.decode(EventCodec.encode(e))).usingRecursiveComparison().isEqualTo(e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete-versus-edit", "severity"})
    void aConflictGivesWhatItsDecoderGives(String example) throws IOException {
        byte[] pretty = example("conflict/valid/" + example + ".json");
        ConflictRecord c = ConflictRecord.fromJson(pretty);
        byte[] compact = c.toJson();
        Event e = RecordScan.conflict(1_000, "conflicts", 0, 3, compact);
        assertThat(e.incidentId()).isEqualTo(c.incidentId());
        assertThat(e.field()).isEqualTo(c.field());
        assertThat(e.versionNumber()).isEqualTo(c.version());
        assertThat(e.timestamp()).isEqualTo(TelemetryCodec.formatTimestamp(c.eventTime()));
        assertThat(e.agencies()).isEqualTo(c.competing().stream().map(CompetingValue::agencyId).toList()).isNotEmpty();
        assertThat(e.record()).isEqualTo(compact);
        assertThat(e.conflict()).isEqualTo(c);
        assertThat(tree(RecordScan.conflict(1_000, "conflicts", 0, 3, pretty).record())).isEqualTo(tree(pretty));
    }

    @Test
    void whatIsNotAVersionOrAConflictIsRefusedNamingTheRecord() {
        assertThatThrownBy(() -> RecordScan.version(0, "history", 1, 5, bytes("{\"id\":\"INC-1\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("history/1/5 is not");
        assertThatThrownBy(() -> RecordScan.version(0, "history", 1, 5, bytes("{\"id\":\"INC-1\",\"reconciliation\":{\"version\":1}} {}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("history/1/5 is not a single JSON value");
        assertThatThrownBy(() -> RecordScan.version(0, "history", 1, 5, bytes("{\"id\":\"INC-1\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("history/1/5 is not a reconciled incident");
        assertThatThrownBy(() -> RecordScan.conflict(0, "conflicts", 0, 9, bytes("[1]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("conflicts/0/9 is not a JSON object");
    }

    @Test
    void aSubmissionIsJsonOrNotAsAParserSaysAndGivesItsSentText() {
        RecordScan.Submission sent = RecordScan.submission(bytes("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":"
                + "{\"status\":\"active\",\"clock\":{\"a\":1},\"severity\":7,\"timestamp\":\"2026-01-01T00:00:00Z\"},\"x\":[{}]}"));
        assertThat(sent).isEqualTo(new RecordScan.Submission(true, "2026-01-01T00:00:00Z", "active", null));
        assertThat(RecordScan.submission(bytes("[1, {\"properties\": {}}]"))).isEqualTo(new RecordScan.Submission(true, null, null, null));
        assertThat(RecordScan.submission(bytes("42"))).isEqualTo(new RecordScan.Submission(true, null, null, null));
        for (String notJson : List.of("", "  ", "{\"type\":\"Feature\",\"geometry\":", "{} {}", "{\"a\":1}x", "{'a':1}")) {
            assertThat(RecordScan.submission(bytes(notJson))).as(notJson).isEqualTo(RecordScan.Submission.NOT_JSON);
        }
    }

    @Test
    void oneLineKeepsTheBytesUnlessTheyBreakTheLineOrAreNotUtf8Text() {
        byte[] spaced = bytes("{ \"a\" :\t[1.50, \"é\"] }");
        assertThat(OneLine.of(spaced, null)).isSameAs(spaced);
        assertThat(utf8(OneLine.of(bytes("{\"a\":\r\n 1.50}"), null))).isEqualTo("{\"a\":1.5}");
        byte[] withBom = bytes("\uFEFF{\"a\":1}");
        assertThat(utf8(OneLine.of(withBom, null))).isEqualTo("{\"a\":1}");
        byte[] utf16 = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_16BE);
        assertThat(utf8(OneLine.of(utf16, null))).isEqualTo("{\"a\":\"é\"}");
    }

    private static byte[] example(String path) throws IOException {
        try (InputStream in = RecordScanTest.class.getClassLoader().getResourceAsStream("examples/" + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    private static JsonNode tree(byte[] json) {
        return ContractJson.mapper().readTree(json);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
