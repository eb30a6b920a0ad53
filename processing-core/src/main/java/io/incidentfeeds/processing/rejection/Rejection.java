package io.incidentfeeds.processing.rejection;

import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import java.util.Objects;

/**
 * Why a record is refused: a contract reason code and a human-readable detail that names the field.
 * The detail is capped at the contract's length so a hostile payload cannot inflate the DLQ.
 */
public record Rejection(DlqReason reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        detail = cap(Objects.requireNonNull(detail, "detail"));
    }

    static String cap(String detail) {
        return detail.length() <= DlqHeaders.MAX_DETAIL_LENGTH
                ? detail
                : detail.substring(0, DlqHeaders.MAX_DETAIL_LENGTH - 3) + "...";
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
