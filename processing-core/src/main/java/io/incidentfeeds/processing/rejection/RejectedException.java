package io.incidentfeeds.processing.rejection;

import io.incidentfeeds.schemas.deadletter.DlqReason;

/**
 * Thrown by the pure checks (geometry, CRS) when input is refused for a contract reason. Expected
 * and cheap: no stack trace is captured.
 */
public final class RejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    public RejectedException(DlqReason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.rejection = new Rejection(reason, detail);
    }

    public Rejection rejection() {
        return rejection;
    }
}
