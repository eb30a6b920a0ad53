package io.incidentfeeds.schemas.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentfeeds.schemas.CpuBudget;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer over the raw-record key scan: whatever bytes a device publishes, the scan returns a key
 * (never throws, within a second of CPU) and a key other than the topic is an id of 1 to 64 characters that
 * the payload spells. Regression inputs: {@code RawRecordKeyFuzzTestInputs/} (docs/fuzzing.md).
 */
class RawRecordKeyFuzzTest {

    private static final String TOPIC = "incident/sffd/fire/telemetry";

    static {
        RawRecordKey.incidentIdOf("{\"properties\":{}}".getBytes(StandardCharsets.UTF_8)); // loads the parser once
    }

    @FuzzTest(maxDuration = "10m")
    void keyOf(byte[] payload) {
        String key = CpuBudget.within(() -> RawRecordKey.of(TOPIC, payload));
        String id = RawRecordKey.incidentIdOf(payload);
        if (id == null) {
            assertEquals(TOPIC, key);
            return;
        }
        assertEquals(id, key);
        assertTrue(!id.isEmpty() && id.length() <= RawRecordKey.MAX_INCIDENT_ID_LENGTH, id);
        // An id without escapes appears verbatim in the payload: the scan invents nothing.
        if (id.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            assertTrue(new String(payload, StandardCharsets.UTF_8).contains('"' + id + '"'), id);
        }
    }
}
