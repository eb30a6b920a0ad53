package io.incidentfeeds.afteraction;

/**
 * The exit statuses of {@code bin/after-action}, one per kind of failure, so that a script can tell
 * them apart. 2 is picocli's own for an unknown option or a missing argument.
 */
public enum ExitCode {
    OK(0),
    /** as-of --strict: the recomputed picture and the live versions disagree. */
    DISAGREEMENT(1),
    USAGE(2),
    /** A time that does not parse, or a window whose end is before its start. */
    BAD_WINDOW(3),
    /** A topic the cluster does not have. */
    UNKNOWN_TOPIC(4),
    /** An instant before the oldest record the topic still retains. */
    BEFORE_RETENTION(5),
    /** No broker answered within the timeout. */
    BROKER_UNREACHABLE(6),
    /** A --client-config, --access-config or --processor-config file that cannot be read. */
    BAD_CONFIG(7),
    /**
     * reprocess: a --prefix whose topics would be live ones, or that already holds a run (without
     * --resume or --overwrite), or none to resume.
     */
    PREFIX_IN_USE(8),
    /** Anything unexpected (a bug): the exception is printed. */
    INTERNAL(70);

    private final int status;

    ExitCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
