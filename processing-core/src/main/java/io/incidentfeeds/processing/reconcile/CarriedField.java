package io.incidentfeeds.processing.reconcile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A field that every edit carries whether or not its sender changed it ({@code status}, required by
 * the telemetry schema; {@code incident_type}, filled from the MQTT topic). Carrying such a field
 * says nothing, so an edit <em>writes</em> it only when its value differs from the value the edit
 * had observed: the value the specification gives the field over the edit's causal past.
 *
 * <p>That value is only known once the whole causal past has arrived, so the field keeps:
 * <ul>
 *   <li>{@code decided}: the edits known to write the field (their past was complete when judged),
 *       the maximal ones and up to {@link #SUPERSEDED_KEPT} superseded ones, which late edits that
 *       had observed them need;
 *   <li>{@code pending}: the carried values of edits whose causal past is not all here yet (at most
 *       {@link #PENDING_KEPT}). Until it is, they are judged provisionally against what is known.
 * </ul>
 * Each decision depends only on the edit's causal past, never on what arrived before it, so the
 * set of writes, and hence the field's value, is the same for every delivery order (within the
 * bounds above; see the README, "Reconciliation").
 */
public final class CarriedField {

    static final int SUPERSEDED_KEPT = 16;
    static final int PENDING_KEPT = 16;

    /** Causal order (a linear extension of "follows"), then dot. */
    private static final Comparator<FieldWrite> CAUSAL = Comparator.<FieldWrite>comparingLong(w -> w.clock().sum())
            .thenComparing(FieldWrite::dot);

    private final List<FieldWrite> decided;
    private final List<FieldWrite> pending;
    /** The maximal writes among {@code decided}, built from it in its order; null when {@code decided} changed since. */
    private MaximalWrites maximalDecided;

    CarriedField() {
        this(new ArrayList<>(), new ArrayList<>());
    }

    public CarriedField(List<FieldWrite> decided, List<FieldWrite> pending) {
        this.decided = new ArrayList<>(decided);
        this.pending = new ArrayList<>(pending);
        this.decided.sort(FieldWrite.BY_DOT);
        this.pending.sort(CAUSAL);
    }

    /** An edit carried this value; whether it is a write is decided by {@link #settle}. */
    void carry(FieldWrite write) {
        int at = 0;
        while (at < pending.size() && CAUSAL.compare(pending.get(at), write) < 0) {
            at++;
        }
        pending.add(at, write);
    }

    /**
     * Judges, in causal order, every pending edit whose causal past has all been applied; and, past
     * {@link #PENDING_KEPT}, the oldest pending ones provisionally. Returns how many were judged
     * without their whole past (0 in a history without losses).
     */
    int settle(AppliedDots applied) {
        // Causal order: an edit's past is complete only if the pasts of the edits in it are, so
        // those are judged first and are in `decided` when it is judged.
        for (java.util.Iterator<FieldWrite> it = pending.iterator(); it.hasNext(); ) {
            FieldWrite p = it.next();
            if (applied.containsAllOf(p.clock())) {
                it.remove();
                judge(p);
            }
        }
        int forced = 0;
        while (pending.size() > PENDING_KEPT) {
            judge(pending.remove(0));
            forced++;
        }
        forgetOldSuperseded();
        return forced;
    }

    private void judge(FieldWrite carried) {
        // Usually the edit has observed every decided write (it was made after them all): then what
        // it observed is their maximal writes, which are kept, and judging it asks no more than
        // whether it follows each.
        MaximalWrites observed = followsAll(carried, decided) ? maximalDecided() : observedBy(carried, decided);
        if (writes(carried, observed)) {
            decided.add(carried);
            decided.sort(FieldWrite.BY_DOT);
            maximalDecided = null;
        }
    }

    /**
     * The field's maximal writes: the decided ones and, provisionally, the pending ones that write.
     * Not to be modified: without pending writes it is the one kept for {@code decided}.
     */
    MaximalWrites maximal() {
        if (pending.isEmpty()) {
            return maximalDecided();
        }
        List<FieldWrite> writes = new ArrayList<>(decided);
        for (FieldWrite p : pending) {
            if (writes(p, observedBy(p, writes))) {
                writes.add(p);
            }
        }
        return maximalOf(writes);
    }

    private MaximalWrites maximalDecided() {
        if (maximalDecided == null) {
            maximalDecided = maximalOf(decided);
        }
        return maximalDecided;
    }

    /** The maximal writes among {@code writes}, added in their order. */
    private static MaximalWrites maximalOf(List<FieldWrite> writes) {
        MaximalWrites maximal = new MaximalWrites();
        for (FieldWrite w : writes) {
            maximal.add(w);
        }
        return maximal;
    }

    private static boolean followsAll(FieldWrite carried, List<FieldWrite> known) {
        for (FieldWrite w : known) {
            if (!carried.follows(w)) {
                return false;
            }
        }
        return true;
    }

    /** The maximal writes among those of {@code known} that the edit of {@code carried} had observed. */
    private static MaximalWrites observedBy(FieldWrite carried, List<FieldWrite> known) {
        MaximalWrites observed = new MaximalWrites();
        for (FieldWrite w : known) {
            if (carried.follows(w)) {
                observed.add(w);
            }
        }
        return observed;
    }

    /** Whether the edit of {@code carried} changed the value it observed. */
    private static boolean writes(FieldWrite carried, MaximalWrites observed) {
        Decision decision = observed.decide();
        return decision == null || !decision.kept().sameValue(carried);
    }

    /** Keeps the maximal writes and the most recent superseded ones (by causal order). */
    private void forgetOldSuperseded() {
        if (decided.size() <= SUPERSEDED_KEPT) {
            return; // superseded ones are among the decided: none to forget
        }
        List<FieldWrite> superseded = new ArrayList<>();
        for (FieldWrite w : decided) {
            for (FieldWrite other : decided) {
                if (other.follows(w)) {
                    superseded.add(w);
                    break;
                }
            }
        }
        superseded.sort(CAUSAL);
        for (int i = 0; i < superseded.size() - SUPERSEDED_KEPT; i++) {
            decided.remove(superseded.get(i));
            maximalDecided = null;
        }
    }

    /** The decided writes, by dot: to be read, not modified (their maximal writes are kept). */
    public List<FieldWrite> decided() {
        return decided;
    }

    public List<FieldWrite> pending() {
        return pending;
    }
}
