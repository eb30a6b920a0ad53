package io.incidentfeeds.processing.state;

/** Bytes that are not an incident state in any format {@link IncidentStateSerde} reads. */
public final class StateFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StateFormatException(String message) {
        super(message);
    }

    StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
