package io.incidentfeeds.edge.session;

import io.incidentfeeds.edge.fanout.Outgoing;
import java.time.Duration;

/**
 * Pings every session each interval, in turn with its queued frames, and closes those whose last
 * pong is older than the timeout (a console that vanished without closing its TCP connection).
 */
final class Heartbeat implements Runnable {

    private final SessionRegistry sessions;
    private final long timeoutNanos;

    Heartbeat(SessionRegistry sessions, Duration timeout) {
        this.sessions = sessions;
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void run() {
        for (ConsoleSession s : sessions.all()) {
            if (s.nanosSincePong() > timeoutNanos) {
                s.close(CloseReason.HEARTBEAT_TIMEOUT);
            } else {
                s.send(new Outgoing.Ping());
            }
        }
    }
}
