package io.incidentfeeds.afteraction.read;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import java.time.Instant;

/**
 * A closed interval of append times, [from, to]; {@code from} null reads from the topics' start.
 * Both ends are in milliseconds, as record timestamps are.
 */
public record Window(Instant from, Instant to) {

    public Window {
        if (from != null && to.isBefore(from)) {
            throw new ReviewException(ExitCode.BAD_WINDOW, "the window is inverted: --to " + to + " is before --from " + from);
        }
    }
}
