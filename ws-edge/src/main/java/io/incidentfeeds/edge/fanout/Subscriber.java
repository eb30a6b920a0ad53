package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.access.AccessScope;

/** A console as the fan-out sees it. */
public interface Subscriber {

    /** What it may see; fixed once it has authenticated. */
    AccessScope scope();

    /** Its outbound side, on its channel's event loop. */
    Outbox outbox();

    /** False once it is closing: nothing more is filed for it. */
    boolean active();
}
