package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.schemas.reconciled.Dot;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A causal context: for each agency, the highest of its sequence numbers that is known. Immutable,
 * in agency order (so it serializes the same way every time).
 *
 * <p>"Edit B follows edit A" is {@code B.clock.covers(A.dot)} with B not A. The relation is
 * transitive only if senders' clocks are causally closed (an agency never forgets what it had
 * seen), which the contract's definition of {@code clock} promises; the incremental algorithm
 * relies on it (see the README, "Reconciliation").
 */
public final class VectorClock {

    static final VectorClock EMPTY = new VectorClock(new TreeMap<>());

    private final SortedMap<String, Long> entries;

    private VectorClock(SortedMap<String, Long> entries) {
        this.entries = Collections.unmodifiableSortedMap(entries);
    }

    public static VectorClock of(Map<String, Long> entries) {
        return new VectorClock(new TreeMap<>(entries));
    }

    /** A clock of {@code entries}, which the caller hands over and no longer touches (no copy). */
    static VectorClock owning(TreeMap<String, Long> entries) {
        return new VectorClock(entries);
    }

    public long get(String agency) {
        return entries.getOrDefault(agency, 0L);
    }

    /** Whether the edit {@code dot} is in the causal past this clock describes (or is its own edit). */
    public boolean covers(Dot dot) {
        return get(dot.agencyId()) >= dot.sequenceNumber();
    }

    /** Pointwise maximum. */
    public VectorClock merge(VectorClock other) {
        if (other.dominatedBy(this)) {
            return this;
        }
        SortedMap<String, Long> merged = new TreeMap<>(entries);
        other.entries.forEach((agency, seq) -> merged.merge(agency, seq, Math::max));
        return new VectorClock(merged);
    }

    /** Every entry of this clock is at most the other's. */
    public boolean dominatedBy(VectorClock other) {
        for (Map.Entry<String, Long> e : entries.entrySet()) {
            if (other.get(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sum of the entries: strictly larger for an edit than for any edit it follows (its own entry
     * grew and none shrank), so ordering by it is a linear extension of causality.
     */
    public long sum() {
        long sum = 0;
        for (long v : entries.values()) {
            sum += v;
        }
        return sum;
    }

    public SortedMap<String, Long> asMap() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorClock other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
