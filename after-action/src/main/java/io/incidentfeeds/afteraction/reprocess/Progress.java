package io.incidentfeeds.afteraction.reprocess;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A run's progress on stderr, a line every few seconds: raw records of the window done of all,
 * records per second since the start, and the time left at that rate.
 */
final class Progress {

    private final PrintWriter err;
    private final long total;
    private final Duration every;
    private final long started = System.nanoTime();
    private long lastLine = started;

    Progress(PrintWriter err, long total, Duration every) {
        this.err = err;
        this.total = total;
        this.every = every;
    }

    /** Prints a line when {@code every} has passed since the last. */
    void update(long done) {
        long now = System.nanoTime();
        if (now - lastLine < every.toNanos()) {
            return;
        }
        lastLine = now;
        double seconds = (now - started) / 1e9;
        double rate = done / seconds;
        String left = rate > 0 ? "about " + Math.round((total - done) / rate) + " s left" : "starting";
        err.printf("reprocess: %d of %d raw records (%d%%), %.0f records/s, %s%n", done, total, total == 0 ? 100 : done * 100 / total,
                rate, left);
        err.flush();
    }

    void finish(long done) {
        err.printf("reprocess: %d of %d raw records in %.1f s%n", done, total, (System.nanoTime() - started) / 1e9);
        err.flush();
    }
}
