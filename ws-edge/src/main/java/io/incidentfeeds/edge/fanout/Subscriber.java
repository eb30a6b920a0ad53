package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.access.AccessScope;

/** A console as the fan-out sees it. */
public interface Subscriber {

    /** What it may see; fixed once it has authenticated. */
    AccessScope scope();

    Outbox outbox();

    /** False once it is closing: nothing more is filed for it. */
    boolean active();

    /** Its outbox overflowed: it cannot keep up (close it). */
    void overflowed();
}
