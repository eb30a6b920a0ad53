package io.incidentfeeds.processor.reconcile;

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
final class CarriedField {

    static final int SUPERSEDED_KEPT = 16;
    static final int PENDING_KEPT = 16;

    /** Causal order (a linear extension of "follows"), then dot. */
    private static final Comparator<FieldWrite> CAUSAL = Comparator.<FieldWrite>comparingLong(w -> w.clock().sum())
            .thenComparing(FieldWrite::dot);

    private final List<FieldWrite> decided;
    private final List<FieldWrite> pending;

    CarriedField() {
        this(new ArrayList<>(), new ArrayList<>());
    }

    CarriedField(List<FieldWrite> decided, List<FieldWrite> pending) {
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
        if (writes(carried, decided)) {
            decided.add(carried);
            decided.sort(FieldWrite.BY_DOT);
        }
    }

    /** The field's maximal writes: the decided ones and, provisionally, the pending ones that write. */
    MaximalWrites maximal() {
        List<FieldWrite> writes = new ArrayList<>(decided);
        for (FieldWrite p : pending) {
            if (writes(p, writes)) {
                writes.add(p);
            }
        }
        MaximalWrites maximal = new MaximalWrites();
        writes.forEach(maximal::add);
        return maximal;
    }

    /** Whether the edit of {@code carried} changed the value it observed among {@code known} writes. */
    private static boolean writes(FieldWrite carried, List<FieldWrite> known) {
        MaximalWrites observed = new MaximalWrites();
        for (FieldWrite w : known) {
            if (carried.follows(w)) {
                observed.add(w);
            }
        }
        Decision decision = observed.decide();
        return decision == null || !decision.kept().sameValue(carried);
    }

    /** Keeps the maximal writes and the most recent superseded ones (by causal order). */
    private void forgetOldSuperseded() {
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
        }
    }

    List<FieldWrite> decided() {
        return decided;
    }

    List<FieldWrite> pending() {
        return pending;
    }
}
