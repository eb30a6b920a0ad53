package io.incidentfeeds.edge.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentfeeds.schemas.CpuBudget;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Jazzer over the position parser ({@code resume_from}, {@code ?since=}): any token decodes to a
 * position or to nothing (never throws, within a second of CPU), and a decoded position encodes to a token that decodes to
 * it again. Regression inputs: {@code PositionFuzzTestInputs/} (docs/fuzzing.md).
 */
class PositionFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] tokenBytes) {
        String token = new String(tokenBytes, StandardCharsets.UTF_8);
        Optional<Position> decoded = CpuBudget.within(() -> Position.decode(token));
        if (decoded.isEmpty()) {
            return;
        }
        Position p = decoded.get();
        for (int i = 0; i < p.partitions(); i++) {
            assertTrue(p.next(i) >= 0, p.encode());
        }
        assertEquals(decoded, Position.decode(p.encode()));
    }
}
