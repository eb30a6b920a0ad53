package io.incidentfeeds.schemas.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.format.DateTimeFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The short cut must judge every string as the validator's own date-time format does. */
class ContractDateTimeFormatTest {

    private static final DateTimeFormat LIBRARY = new DateTimeFormat();
    private static final ContractDateTimeFormat OURS = new ContractDateTimeFormat();

    @Test
    void agreesWithTheLibraryOnFuzzedTimestamps() {
        Random random = new Random(20261123L);
        int valid = 0;
        int shortCut = 0;
        for (int i = 0; i < 400_000; i++) {
            String s = timestamp(random);
            if (random.nextInt(4) == 0) {
                s = mutate(s, random);
            }
            boolean expected = LIBRARY.matches(null, s);
            assertEquals(expected, OURS.matches(null, s), s);
            valid += expected ? 1 : 0;
            shortCut += ContractDateTimeFormat.usualSpelling(s) ? 1 : 0;
        }
        assertTrue(valid > 100_000 && valid < 350_000, "a mix of valid and invalid: " + valid);
        assertTrue(shortCut > 100_000, "the usual spelling is common: " + shortCut);
    }

    @Test
    void agreesOnTheEdgesOfRfc3339() {
        List<String> cases = List.of(
                "2026-11-23T18:15:00Z", "2026-11-23T18:15:00.123456789Z", "2026-11-23T18:15:00.1234567891Z",
                "2026-11-23t18:15:00z", "2026-11-23 18:15:00Z", "2026-11-23T18:15:00", "2026-11-23T18:15Z",
                "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T23:60:00Z",
                "2016-12-31T23:59:60Z", "2016-12-31T15:59:60-08:00", "2026-11-23T23:59:60Z", "1990-12-31T23:59:60Z",
                "2026-11-23T18:15:00+24:00", "2026-11-23T18:15:00+23:59", "2026-11-23T18:15:00-00:00",
                "2026-11-23T18:15:00+05:60", "2026-11-23T18:15:00+0530", "2026-11-23T18:15:00.Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "+2026-11-23T18:15:00Z", "2026-11-23T18:15:00Z ", "",
                "२०२६-11-23T18:15:00Z", "2026-11-23T18:15:00.٣Z");
        for (String s : cases) {
            assertEquals(LIBRARY.matches(null, s), OURS.matches(null, s), s);
        }
    }

    @Test
    void theContractValidatorStillRefusesAnImpossibleDate() {
        ObjectNode edit = (ObjectNode) ContractJson.mapper().readTree(
                "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"incident_id\":\"inc-1\",\"agency_id\":\"sffd\","
                        + "\"incident_type\":\"fire\",\"status\":\"active\",\"timestamp\":\"2026-11-23T18:15:00Z\",\"sequence_number\":1}}");
        assertTrue(ContractValidator.shared().validate(ContractSchema.TELEMETRY, edit).isEmpty());
        ((ObjectNode) edit.get("properties")).set("timestamp", JsonNodeFactory.instance.stringNode("2026-02-30T18:15:00Z"));
        assertFalse(ContractValidator.shared().validate(ContractSchema.TELEMETRY, edit).isEmpty());
    }

    /** Mostly plausible RFC 3339 timestamps, with fields sometimes out of range. */
    private static String timestamp(Random r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%04d-%02d-%02d", r.nextInt(3) == 0 ? r.nextInt(10_000) : 1990 + r.nextInt(50),
                r.nextInt(14), r.nextInt(33)));
        s.append(r.nextInt(20) == 0 ? 't' : 'T');
        s.append(String.format("%02d:%02d:%02d", r.nextInt(26), r.nextInt(62), r.nextInt(20) == 0 ? 60 : r.nextInt(62)));
        if (r.nextBoolean()) {
            s.append('.');
            for (int d = 0, digits = r.nextInt(12); d < digits; d++) {
                s.append((char) ('0' + r.nextInt(10)));
            }
        }
        switch (r.nextInt(4)) {
            case 0 -> s.append('Z');
            case 1 -> s.append(r.nextInt(10) == 0 ? "z" : "Z");
            default -> s.append(r.nextBoolean() ? '+' : '-').append(String.format("%02d:%02d", r.nextInt(26), r.nextInt(62)));
        }
        return s.toString();
    }

    private static String mutate(String s, Random r) {
        int at = r.nextInt(s.length());
        String alphabet = "0123456789-:.TZtz+ ";
        return switch (r.nextInt(3)) {
            case 0 -> s.substring(0, at) + s.substring(at + 1);
            case 1 -> s.substring(0, at) + alphabet.charAt(r.nextInt(alphabet.length())) + s.substring(at + 1);
            default -> s.substring(0, at) + alphabet.charAt(r.nextInt(alphabet.length())) + s.substring(at);
        };
    }
}
