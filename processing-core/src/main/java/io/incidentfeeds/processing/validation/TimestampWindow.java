package io.incidentfeeds.processing.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * How far an edit's own timestamp may be ahead of, or behind, the time the record reached Kafka.
 * Measured against ingest time rather than the wall clock so that validation is replayable.
 */
public record TimestampWindow(Duration maxFutureSkew, Duration maxAge) {

    public static final TimestampWindow DEFAULT = new TimestampWindow(Duration.ofMinutes(5), Duration.ofDays(7));

    public TimestampWindow {
        if (maxFutureSkew.isNegative() || maxAge.isNegative()) {
            throw new IllegalArgumentException("timestamp window durations must not be negative");
        }
    }

    /** Null when {@code timestamp} is acceptable at {@code reference}, else what is wrong. */
    String check(Instant timestamp, Instant reference) {
        if (timestamp.isAfter(reference.plus(maxFutureSkew))) {
            return "properties.timestamp " + timestamp + " is more than " + maxFutureSkew
                    + " ahead of ingest time " + reference;
        }
        if (timestamp.isBefore(reference.minus(maxAge))) {
            return "properties.timestamp " + timestamp + " is more than " + maxAge
                    + " older than ingest time " + reference;
        }
        return null;
    }
}
