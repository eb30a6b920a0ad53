package io.incidentfeeds.edge.session;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The open sessions of this replica (nothing about them outlives the process). */
public final class SessionRegistry {

    private final ConcurrentHashMap<String, ConsoleSession> sessions = new ConcurrentHashMap<>();

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

    /** Closes every session with 1001 (going away), so consoles reconnect to another replica. */
    public void closeAll() {
        for (ConsoleSession s : sessions.values()) {
            s.close(CloseReason.SHUTDOWN);
        }
    }
}
