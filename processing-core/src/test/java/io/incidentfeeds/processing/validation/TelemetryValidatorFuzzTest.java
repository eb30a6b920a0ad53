package io.incidentfeeds.processing.validation;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.schemas.CpuBudget;
import java.time.Instant;

/**
 * Jazzer over the validator: whatever bytes arrive on an agency's topic come back validated or
 * refused with a dead-letter reason ({@link RejectedException}), within a second of CPU; any other
 * exception is a finding. Regression inputs: {@code TelemetryValidatorFuzzTestInputs/}, the
 * contract's telemetry examples and the geojsonhint corpus (docs/fuzzing.md).
 */
class TelemetryValidatorFuzzTest {

    /** Five seconds after the examples' timestamp, as in TelemetryValidatorTest. */
    private static final Instant INGEST = Instant.parse("2026-11-22T10:30:05Z");

    private static final TelemetryValidator VALIDATOR = new TelemetryValidator(TimestampWindow.DEFAULT);

    static {
        VALIDATOR.validate(new RawTelemetry(Payloads.SFFD_FIRE, Payloads.bytes(Payloads.seed()), null, INGEST)); // loads the schema
    }

    @FuzzTest(maxDuration = "10m")
    void validate(byte[] payload) {
        RawTelemetry raw = new RawTelemetry(Payloads.SFFD_FIRE, payload, null, INGEST);
        CpuBudget.within(() -> {
            try {
                return VALIDATOR.validate(raw);
            } catch (RejectedException e) {
                assertNotNull(e.rejection().reason());
                return null;
            }
        });
    }
}
