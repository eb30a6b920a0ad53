package io.incidentfeeds.history;

/** A topic that does not exist, or a broker that did not answer within the timeout. */
public final class HistoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why: a missing topic, or no answer. */
    public enum Kind { UNKNOWN_TOPIC, UNREACHABLE }

    private final Kind kind;

    public HistoryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
