package io.incidentfeeds.edge.session;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The open sessions of this replica (nothing about them outlives the process). */
public final class SessionRegistry {

    private final ConcurrentHashMap<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private volatile boolean draining;

    void add(ConsoleSession session) {
        sessions.put(session.id(), session);
    }

    void remove(ConsoleSession session) {
        sessions.remove(session.id());
    }

    public int size() {
        return sessions.size();
    }

    /** Subscriptions (filters) over all sessions. */
    public int subscriptions() {
        return sessions.values().stream().mapToInt(ConsoleSession::subscriptionCount).sum();
    }

    Collection<ConsoleSession> all() {
        return sessions.values();
    }

    /**
     * Stops taking consoles and closes every session with 1001 (going away), so consoles reconnect
     * to another replica. Draining first: a console told to go away reconnects at once, and must
     * not land on this replica again while its web server is still up.
     */
    public void closeAll() {
        draining = true;
        for (ConsoleSession s : sessions.values()) {
            s.close(CloseReason.SHUTDOWN);
        }
    }

    /** This replica is shutting down: new consoles are refused (503 on the handshake). */
    public boolean draining() {
        return draining;
    }
}
