package io.incidentfeeds.processing.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processing.validation.RawTelemetry;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processing.validation.TimestampWindow;
import io.incidentfeeds.processing.validation.ValidatedTelemetry;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.CpuBudget;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Jazzer over geometry normalization as the processor runs it: the fuzzer writes the geometry (and
 * picks the {@code crs}) of an otherwise valid edit, which is validated and then normalized (JTS
 * validity, repair, rounding, antimeridian split, reprojection, jurisdictions). Every outcome is a
 * normalized edit or a dead-letter reason, within a second of CPU, and normalizing the normalized
 * geometry again changes nothing. Regression inputs: {@code EditNormalizerFuzzTestInputs/}: a
 * geometry document followed by one byte that picks the crs (docs/fuzzing.md).
 */
class EditNormalizerFuzzTest {

    private static final Instant INGEST = Instant.parse("2026-11-22T10:30:05Z");
    private static final String[] CRS = {null, "EPSG:3857", "EPSG:32610", "EPSG:2227"};
    private static final String PROPERTIES = Payloads.properties(Payloads.seed()).toString();
    private static final SourcePosition SOURCE = new SourcePosition("incidents.raw", 0, 0);

    private static final TelemetryValidator VALIDATOR = new TelemetryValidator(TimestampWindow.DEFAULT);
    private static final EditNormalizer NORMALIZER = new EditNormalizer(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER));

    static {
        normalize(Payloads.bytes(Payloads.seed())); // loads the schema, proj4j and the boundary layer
    }

    @FuzzTest(maxDuration = "10m")
    void normalize(FuzzedDataProvider data) {
        String crs = CRS[data.consumeInt(0, CRS.length - 1)];
        byte[] payload = feature(crs, data.consumeRemainingAsBytes());
        EditNormalizer.Result result = CpuBudget.within(() -> normalize(payload));
        if (result != null && result.edit().geometry() != null) {
            // Normal form is a fixed point: the processor's output, sent again, comes back the same.
            byte[] again = feature(null, result.edit().geometry().toString().getBytes(StandardCharsets.UTF_8));
            EditNormalizer.Result second = normalize(again);
            assertNotNull(second, "normalized geometry refused on a second pass");
            assertEquals(result.edit().geometry(), second.edit().geometry());
        }
    }

    /** The normalized edit, or null when it is dead-lettered. */
    private static EditNormalizer.Result normalize(byte[] payload) {
        try {
            ValidatedTelemetry validated = VALIDATOR.validate(new RawTelemetry(Payloads.SFFD_FIRE, payload, null, INGEST));
            return NORMALIZER.normalize(validated, SOURCE);
        } catch (RejectedException e) {
            assertNotNull(e.rejection().reason());
            return null;
        }
    }

    private static byte[] feature(String crs, byte[] geometry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"type\":\"Feature\"," + (crs == null ? "" : "\"crs\":\"" + crs + "\",")
                + "\"properties\":" + PROPERTIES + ",\"geometry\":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(geometry);
        out.writeBytes("}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
