package io.incidentfeeds.processing.state;

import io.incidentfeeds.processing.reconcile.IncidentState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The incidents' states last read or written by one task's reconcile step, decoded, so that an
 * incident edited again is not read from the store and decoded again (that was a sixth of the
 * step's time). Least recently used first out, at most {@code capacity} incidents.
 *
 * <p>Only ever a copy of the store: every state put here was put in the store by the same edit,
 * and the task empties it whenever the store may have changed behind it (its processor is
 * initialized again after a restore, a revival or a rebalance) or an edit failed half-way.
 */
public final class DecodedStates {

    private final Map<String, IncidentState> states;

    public DecodedStates(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, IncidentState> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The incident's decoded state, or null when it is not held. */
    public IncidentState get(String incident) {
        return states.get(incident);
    }

    /** Holds {@code state}, which the caller has just read from the store or written to it. */
    public void put(String incident, IncidentState state) {
        states.put(incident, state);
    }

    public void forget(String incident) {
        states.remove(incident);
    }

    public void clear() {
        states.clear();
    }

    public int size() {
        return states.size();
    }
}
