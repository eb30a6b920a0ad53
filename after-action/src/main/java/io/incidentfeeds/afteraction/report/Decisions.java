package io.incidentfeeds.afteraction.report;

import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.util.List;

/**
 * How reconciliation decided a conflict, in words: among concurrent writes with different values the
 * processor keeps the one with the latest timestamp, and on equal timestamps the first by agency id
 * (processing-core's {@code FieldWrite.PRECEDENCE}). The record names the kept write; this says which
 * of the two rules chose it.
 */
final class Decisions {

    private Decisions() {
    }

    /** {@code "kept smcfire #2's value \"severe\" (the latest timestamp, 2026-...Z)"}. */
    static String explain(ConflictRecord c) {
        if (c.kept() == null) {
            return "no write kept";
        }
        List<CompetingValue> competing = c.competing() == null ? List.of() : c.competing();
        CompetingValue kept = competing.stream().filter(v -> v.agencyId().equals(c.kept().agencyId())
                && v.sequenceNumber() == c.kept().sequenceNumber()).findFirst().orElse(null);
        String who = c.kept().agencyId() + " #" + c.kept().sequenceNumber();
        if (kept == null) {
            return "kept " + who;
        }
        boolean tied = competing.stream().anyMatch(v -> v != kept && v.timestamp() != null && v.timestamp().equals(kept.timestamp()));
        return "kept " + who + "'s value " + value(kept) + (tied
                ? " (equal timestamps: the first agency id)"
                : " (the latest timestamp, " + (kept.timestamp() == null ? "none" : TelemetryCodec.formatTimestamp(kept.timestamp())) + ")");
    }

    /** One competing write: {@code "sffd #3 at 2026-...Z: \"critical\""}. */
    static String competing(CompetingValue v) {
        return v.agencyId() + " #" + v.sequenceNumber() + " at " + (v.timestamp() == null ? "?" : TelemetryCodec.formatTimestamp(v.timestamp()))
                + ": " + value(v);
    }

    private static String value(CompetingValue v) {
        return v.value() == null || v.value().isNull() ? "(absent)" : v.value().toString();
    }
}
