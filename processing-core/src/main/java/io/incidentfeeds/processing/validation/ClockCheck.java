package io.incidentfeeds.processing.validation;

import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.telemetry.Telemetry;

/**
 * The last check of the contract's order: a sent {@code clock} must carry the sender's own entry
 * equal to {@code sequence_number}, or causality between edits would be a lie.
 */
public final class ClockCheck {

    private ClockCheck() {
    }

    public static void check(Telemetry t) {
        if (t.clock().isEmpty()) {
            return; // absent clock means {agency_id: sequence_number}
        }
        Long own = t.clock().get(t.agencyId());
        if (own == null) {
            throw new RejectedException(DlqReason.CLOCK_INVALID, "properties.clock has no entry for agency '"
                    + t.agencyId() + "'; it must equal properties.sequence_number " + t.sequenceNumber());
        }
        if (own != t.sequenceNumber()) {
            throw new RejectedException(DlqReason.CLOCK_INVALID, "properties.clock." + t.agencyId() + " is " + own
                    + " but properties.sequence_number is " + t.sequenceNumber());
        }
    }
}
