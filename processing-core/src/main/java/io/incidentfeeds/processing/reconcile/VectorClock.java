package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.schemas.reconciled.Dot;
import java.util.Arrays;
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
 *
 * <p>Two sorted arrays, not a map: a clock has a few agencies, and reconciling one edit asks
 * clocks hundreds of questions ({@link #covers} above all), where a tree's lookups were a tenth of
 * the step's time.
 */
public final class VectorClock {

    static final VectorClock EMPTY = new VectorClock(new String[0], new long[0]);

    private final String[] agencies; // sorted, distinct
    private final long[] sequences;
    private final long sum;
    private SortedMap<String, Long> map; // built when asked for

    private VectorClock(String[] agencies, long[] sequences) {
        this.agencies = agencies;
        this.sequences = sequences;
        long total = 0;
        for (long s : sequences) {
            total += s;
        }
        this.sum = total;
    }

    public static VectorClock of(Map<String, Long> entries) {
        SortedMap<String, Long> sorted = entries instanceof SortedMap<String, Long> s && s.comparator() == null ? s : new TreeMap<>(entries);
        String[] agencies = new String[sorted.size()];
        long[] sequences = new long[sorted.size()];
        int i = 0;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            agencies[i] = e.getKey();
            sequences[i++] = e.getValue();
        }
        return new VectorClock(agencies, sequences);
    }

    public long get(String agency) {
        int at = indexOf(agency);
        return at < 0 ? 0 : sequences[at];
    }

    private int indexOf(String agency) {
        for (int i = 0; i < agencies.length; i++) {
            if (agencies[i].equals(agency)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * This clock's own instance of {@code agency} when it has an entry for it, else {@code agency}:
     * an edit's dot takes its agency id from its clock (which always names the edit's agency), whose
     * keys the JSON parser shares between records, so that comparing it with other clocks' ids
     * usually ends at the identity check.
     */
    String sharedId(String agency) {
        int at = indexOf(agency);
        return at < 0 ? agency : agencies[at];
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
        if (this.dominatedBy(other)) {
            return other;
        }
        String[] mergedAgencies = new String[agencies.length + other.agencies.length];
        long[] mergedSequences = new long[mergedAgencies.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < agencies.length || j < other.agencies.length) {
            int order = i == agencies.length ? 1 : j == other.agencies.length ? -1 : agencies[i].compareTo(other.agencies[j]);
            if (order < 0) {
                mergedAgencies[n] = agencies[i];
                mergedSequences[n++] = sequences[i++];
            } else if (order > 0) {
                mergedAgencies[n] = other.agencies[j];
                mergedSequences[n++] = other.sequences[j++];
            } else {
                mergedAgencies[n] = agencies[i];
                mergedSequences[n++] = Math.max(sequences[i++], other.sequences[j++]);
            }
        }
        return new VectorClock(Arrays.copyOf(mergedAgencies, n), Arrays.copyOf(mergedSequences, n));
    }

    /** Every entry of this clock is at most the other's. */
    public boolean dominatedBy(VectorClock other) {
        for (int i = 0; i < agencies.length; i++) {
            if (other.get(agencies[i]) < sequences[i]) {
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
        return sum;
    }

    /** How many agencies it has an entry for. */
    public int size() {
        return agencies.length;
    }

    /** The {@code i}-th agency in agency order. */
    public String agency(int i) {
        return agencies[i];
    }

    /** The {@code i}-th agency's sequence number. */
    public long sequence(int i) {
        return sequences[i];
    }

    public SortedMap<String, Long> asMap() {
        if (map == null) {
            SortedMap<String, Long> entries = new TreeMap<>();
            for (int i = 0; i < agencies.length; i++) {
                entries.put(agencies[i], sequences[i]);
            }
            map = Collections.unmodifiableSortedMap(entries);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorClock other && Arrays.equals(agencies, other.agencies) && Arrays.equals(sequences, other.sequences);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(agencies) * 31 + Arrays.hashCode(sequences);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
