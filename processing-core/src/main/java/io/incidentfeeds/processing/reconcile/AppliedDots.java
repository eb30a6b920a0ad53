package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.schemas.reconciled.Dot;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The dots already applied to an incident, for duplicate detection: per agency a version vector
 * entry (every sequence number up to it was applied) plus the exceptions, the runs applied above it
 * while some below are still missing. Runs rather than single numbers, so that one edit that never
 * arrives (dead-lettered, lost at QoS 0) costs one run however many edits follow it.
 *
 * <p>Bounded: at most {@link #MAX_RUNS} runs per agency. Beyond that the lowest gap is given up (its
 * dots count as applied): an edit that arrives after {@value #MAX_RUNS} later gaps opened is
 * treated as a duplicate. Counted by the caller through {@link #add}'s answer.
 */
public final class AppliedDots {

    static final int MAX_RUNS = 32;

    /** Per agency: every sequence number from 1 to this one was applied. */
    private final SortedMap<String, Long> contiguous;
    /** Per agency: runs {@code [from, to]} applied above {@code contiguous + 1}, sorted, disjoint, not adjacent. */
    private final SortedMap<String, List<long[]>> runs;

    AppliedDots() {
        this(new TreeMap<>(), new TreeMap<>());
    }

    public AppliedDots(SortedMap<String, Long> contiguous, SortedMap<String, List<long[]>> runs) {
        this.contiguous = contiguous;
        this.runs = runs;
    }

    /** What adding a dot did. */
    enum Added { NEW, DUPLICATE, NEW_GAP_GIVEN_UP }

    boolean contains(Dot dot) {
        long s = dot.sequenceNumber();
        if (s <= contiguous.getOrDefault(dot.agencyId(), 0L)) {
            return true;
        }
        for (long[] run : runs.getOrDefault(dot.agencyId(), List.of())) {
            if (s >= run[0] && s <= run[1]) {
                return true;
            }
        }
        return false;
    }

    Added add(Dot dot) {
        String agency = dot.agencyId();
        long s = dot.sequenceNumber();
        Long upToNow = contiguous.get(agency);
        if ((upToNow == null ? 0 : upToNow) == s - 1 && !runs.containsKey(agency)) {
            contiguous.put(agency, s); // the usual case: the agency's next edit, no gap open
            return Added.NEW;
        }
        if (contains(dot)) {
            return Added.DUPLICATE;
        }
        List<long[]> agencyRuns = new ArrayList<>(runs.getOrDefault(agency, List.of()));
        agencyRuns.add(new long[] {s, s});
        agencyRuns.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] run : agencyRuns) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && run[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], run[1]);
            } else {
                merged.add(new long[] {run[0], run[1]});
            }
        }
        long upTo = contiguous.getOrDefault(agency, 0L);
        boolean gaveUp = false;
        while (!merged.isEmpty() && (merged.get(0)[0] == upTo + 1 || merged.size() > MAX_RUNS)) {
            gaveUp |= merged.get(0)[0] != upTo + 1;
            upTo = merged.remove(0)[1];
        }
        contiguous.put(agency, upTo);
        if (merged.isEmpty()) {
            runs.remove(agency);
        } else {
            runs.put(agency, merged);
        }
        return gaveUp ? Added.NEW_GAP_GIVEN_UP : Added.NEW;
    }

    /** Every edit in the causal past {@code clock} describes has been applied. */
    boolean containsAllOf(VectorClock clock) {
        for (int i = 0; i < clock.size(); i++) {
            if (contiguous.getOrDefault(clock.agency(i), 0L) < clock.sequence(i)) {
                return false;
            }
        }
        return true;
    }

    /** The agencies with an applied edit, sorted. */
    List<String> agencies() {
        if (runs.isEmpty() && !contiguous.containsValue(0L)) {
            return List.copyOf(contiguous.keySet()); // the usual case: sorted already, none without an edit
        }
        SortedSet<String> agencies = new java.util.TreeSet<>(contiguous.keySet());
        agencies.addAll(runs.keySet());
        agencies.removeIf(a -> contiguous.getOrDefault(a, 0L) == 0 && !runs.containsKey(a));
        return List.copyOf(agencies);
    }

    public SortedMap<String, Long> contiguous() {
        return contiguous;
    }

    public SortedMap<String, List<long[]>> runs() {
        return runs;
    }
}
