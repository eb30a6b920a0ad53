package io.incidentfeeds.e2e.bench;

import java.util.concurrent.locks.LockSupport;

/** A fixed-rate schedule: message {@code i} is due at {@code t0 + i / rate}, whenever the sender gets to it. */
final class Schedule {

    private Schedule() {
    }

    /** Waits until message {@code i} is due and returns its due time (System.nanoTime), late or not. */
    static long awaitDue(long t0, long i, double rate) {
        long due = t0 + (long) (i * 1e9 / rate);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
        return due;
    }
}
