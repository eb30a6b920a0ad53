package io.incidentfeeds.schemas.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentfeeds.schemas.CpuBudget;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer over the WebSocket client-message decoder: any frame text decodes to a message or to an
 * INVALID_MESSAGE reason (never throws, within a second of CPU), and a decoded message encodes to a frame that decodes to
 * the same message. Regression inputs: {@code ProtocolCodecFuzzTestInputs/} (docs/fuzzing.md).
 */
class ProtocolCodecFuzzTest {

    static {
        ProtocolCodec.decode("{}"); // loads the schemas once, outside any input's budget
    }

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] frameBytes) {
        String frame = new String(frameBytes, StandardCharsets.UTF_8);
        ProtocolCodec.Decoded decoded = CpuBudget.within(() -> ProtocolCodec.decode(frame));
        if (decoded instanceof ProtocolCodec.Decoded.Invalid invalid) {
            assertFalse(invalid.reason() == null || invalid.reason().isBlank(), frame);
            return;
        }
        ClientMessage message = ((ProtocolCodec.Decoded.Ok) decoded).message();
        String encoded = ProtocolCodec.encode(message);
        ProtocolCodec.Decoded again = ProtocolCodec.decode(encoded);
        assertInstanceOf(ProtocolCodec.Decoded.Ok.class, again, encoded);
        assertEquals(encoded, ProtocolCodec.encode(((ProtocolCodec.Decoded.Ok) again).message()));
    }
}
