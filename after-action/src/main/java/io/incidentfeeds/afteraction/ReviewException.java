package io.incidentfeeds.afteraction;

/** A failure the user can act on: its message is printed as it is, and the command exits with its code. */
public final class ReviewException extends RuntimeException {

    private final ExitCode code;

    public ReviewException(ExitCode code, String message) {
        super(message);
        this.code = code;
    }

    public ReviewException(ExitCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ExitCode code() {
        return code;
    }
}
