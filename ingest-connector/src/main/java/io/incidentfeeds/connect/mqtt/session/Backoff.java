package io.incidentfeeds.connect.mqtt.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: the n-th delay is drawn from [d/2, d] with
 * d = min(max, initial * 2^n). The jitter keeps many connectors (or tasks) that lost the same
 * broker from reconnecting in lock step when it comes back.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The delay before attempt {@code failures + 1}, after {@code failures} failed attempts (0 = first retry). */
    public long delayMillis(int failures) {
        int exponent = Math.min(Math.max(failures, 0), 30);
        long ceiling = Math.min(maxMillis, initialMillis << exponent);
        long floor = Math.max(1, ceiling / 2);
        return floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1);
    }

    public long initialMillis() {
        return initialMillis;
    }

    public long maxMillis() {
        return maxMillis;
    }
}
