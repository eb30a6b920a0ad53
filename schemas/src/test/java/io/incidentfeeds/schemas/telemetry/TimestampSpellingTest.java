package io.incidentfeeds.schemas.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The contract spells an instant as ISO_INSTANT does, whichever way it is written. */
class TimestampSpellingTest {

    @Test
    void everyInstantIsSpelledAsIsoInstantSpellsIt() {
        Random random = new Random(20261123L);
        long first = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 300_000; i++) {
            long seconds = first + (long) (random.nextDouble() * (last - first));
            int nanos = switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                case 3 -> random.nextInt(1_000_000_000);
                default -> random.nextInt(10) * 100_000_000;
            };
            assertSpelledAsIsoInstant(Instant.ofEpochSecond(seconds, nanos));
        }
    }

    @Test
    void edges() {
        for (String text : List.of("0000-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z", "2026-11-23T18:15:00.100Z", "2026-11-23T18:15:00.000001Z",
                "2026-11-23T18:15:00.000000001Z", "2024-02-29T23:59:59.5Z")) {
            assertSpelledAsIsoInstant(Instant.parse(text));
        }
        assertSpelledAsIsoInstant(Instant.MIN);
        assertSpelledAsIsoInstant(Instant.MAX);
    }

    private static void assertSpelledAsIsoInstant(Instant instant) {
        assertEquals(DateTimeFormatter.ISO_INSTANT.format(instant), TelemetryCodec.formatTimestamp(instant));
    }
}
