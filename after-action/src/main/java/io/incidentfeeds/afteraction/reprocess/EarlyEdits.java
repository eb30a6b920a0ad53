package io.incidentfeeds.afteraction.reprocess;

import io.incidentfeeds.afteraction.replay.RawEdits;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processing.validation.RawTelemetry;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processing.validation.TimestampWindow;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The incidents whose earliest edits a window does not hold: expired from the raw topic (retention
 * deletes each partition's oldest records), or before {@code --from}.
 *
 * <p>How it is known: every agency numbers its edits of an incident 1, 2, 3... ({@code sequence_number},
 * which the processor checks equals {@code clock[agency_id]}), and an edit's {@code clock} names how
 * many edits of each agency its sender had seen. An incident is listed when an edit in the window
 * names edits of an agency (its own earlier ones, or another's) of which the window holds not the
 * first: that agency's lowest sequence number in the window is above 1, or none of its edits is
 * there. The reprocessed versions of such an incident start from a later state than the live ones
 * did. Every raw record that is a well-formed edit on its agency's topic counts as held, whatever its
 * timestamp (the processor's own validation, with no timestamp window); an edit lost before it
 * reached Kafka looks the same, and is listed too.
 */
final class EarlyEdits {

    /** An incident whose edits in the window name earlier ones it lacks: per agency, the sequence numbers missing. */
    record Missing(String incidentId, Map<String, long[]> missing, String firstHeld) {

        /** {@code sffd 1..1, smcfire 1..2}. */
        String describe() {
            List<String> parts = new ArrayList<>();
            missing.forEach((agency, range) -> parts.add(agency + " " + range[0] + ".." + range[1]));
            return String.join(", ", parts);
        }
    }

    private static final Duration UNBOUNDED = Duration.ofDays(36_500_000);

    /** Per incident: per agency, the lowest sequence number held; the highest each clock names; the first record held. */
    private record Held(Map<String, Long> lowest, Map<String, Long> named, String[] first) {
    }

    private final TelemetryValidator validator = new TelemetryValidator(new TimestampWindow(UNBOUNDED, UNBOUNDED));
    private final Map<String, Held> incidents = new TreeMap<>();

    void accept(ConsumerRecord<byte[], byte[]> record) {
        Telemetry edit;
        try {
            edit = validator.validate(RawTelemetry.of(record.key(), record.value(), name -> RawEdits.header(record, name),
                    record.timestamp())).telemetry();
        } catch (RejectedException notAnEdit) {
            return;
        }
        Held held = incidents.computeIfAbsent(edit.incidentId(), id -> new Held(new TreeMap<>(), new TreeMap<>(), new String[1]));
        if (held.first()[0] == null) {
            held.first()[0] = record.topic() + "/" + record.partition() + "/" + record.offset();
        }
        held.lowest().merge(edit.agencyId(), edit.sequenceNumber(), Math::min);
        edit.causalContext().forEach((agency, seen) -> held.named().merge(agency, seen, Math::max));
    }

    /** The incidents listed, by id. */
    List<Missing> missing() {
        List<Missing> missing = new ArrayList<>();
        incidents.forEach((id, held) -> {
            Map<String, long[]> lacking = new TreeMap<>();
            held.named().forEach((agency, seen) -> {
                Long lowest = held.lowest().get(agency);
                if (seen >= 1 && (lowest == null || lowest > 1)) {
                    lacking.put(agency, new long[] {1, lowest == null ? seen : lowest - 1});
                }
            });
            if (!lacking.isEmpty()) {
                missing.add(new Missing(id, lacking, held.first()[0]));
            }
        });
        return missing;
    }
}
