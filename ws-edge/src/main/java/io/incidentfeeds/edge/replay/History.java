package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.view.LiveIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a replay reads: the versions of incidents.history, as the picture known at an instant and as
 * the versions appended after it, in append order. A version is a record of incidents.reconciled
 * byte for byte (the processor writes both in one transaction), so it is read as the live view reads
 * one ({@link LiveIncident}), its append time being the record's timestamp.
 */
public interface History {

    /**
     * The oldest instant whose picture this history can still give (records before it were deleted);
     * empty when it never lost a record.
     */
    Optional<Instant> oldestAvailable();

    /**
     * The picture as known at {@code at}: each incident's last version appended at or before it,
     * those whose last version deletes them left out. By incident id.
     */
    Map<String, LiveIncident> pictureAt(Instant at);

    /**
     * The versions appended after {@code after} and at or before {@code until}, in append order,
     * read by a consumer of their own until {@link Versions#close()}.
     */
    Versions versionsAfter(Instant after, Instant until);

    /** A stream of versions in append order. Not thread-safe: one caller at a time. */
    interface Versions extends AutoCloseable {

        /** The next versions, at most {@code max}, in order; empty when none is ready within {@code wait}. */
        List<LiveIncident> next(int max, Duration wait);

        /** Every version up to {@code until} has been returned by {@link #next}. */
        boolean exhausted();

        @Override
        void close();
    }

    /** The history cannot be read (its topic does not exist, Kafka does not answer). */
    final class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
