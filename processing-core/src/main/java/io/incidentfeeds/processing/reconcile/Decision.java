package io.incidentfeeds.processing.reconcile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A field's value decided among its maximal writes: one write, or several with equal values, give
 * that value; several with different values are a conflict, and the write first by
 * {@link FieldWrite#PRECEDENCE} (latest timestamp, then agency id) is kept.
 *
 * @param kept      the write whose value the field takes
 * @param competing every maximal write, by dot, when they disagree; empty when there is no conflict
 * @param discarded the competing writes whose value differs from the kept one
 */
record Decision(FieldWrite kept, List<FieldWrite> competing, List<FieldWrite> discarded) {

    static Decision among(List<FieldWrite> maximal) {
        if (maximal.isEmpty()) {
            return null;
        }
        FieldWrite kept = maximal.get(0);
        for (FieldWrite w : maximal) {
            if (FieldWrite.PRECEDENCE.compare(w, kept) < 0) {
                kept = w;
            }
        }
        List<FieldWrite> discarded = null; // most fields have no conflict: no list then
        for (FieldWrite w : maximal) {
            if (!w.sameValue(kept)) {
                if (discarded == null) {
                    discarded = new ArrayList<>();
                }
                discarded.add(w);
            }
        }
        return discarded == null ? new Decision(kept, List.of(), List.of())
                : new Decision(kept, List.copyOf(maximal), List.copyOf(discarded));
    }

    /**
     * Whether consumers see the same of the field under both decisions (either may be null: no
     * write yet): the same value, and the same conflict, that is the same kept write and the same
     * discarded ones. Which of several writes of one value is kept is not shown without a conflict.
     */
    static boolean sameToConsumers(Decision a, Decision b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (!Arrays.equals(a.value(), b.value()) || a.discarded.size() != b.discarded.size()) {
            return false;
        }
        if (a.discarded.isEmpty()) {
            return true;
        }
        if (!a.kept.dot().equals(b.kept.dot())) {
            return false;
        }
        for (int i = 0; i < a.discarded.size(); i++) {
            if (!a.discarded.get(i).dot().equals(b.discarded.get(i).dot())) {
                return false;
            }
        }
        return true;
    }

    boolean conflict() {
        return !discarded.isEmpty();
    }

    byte[] value() {
        return kept.value();
    }
}
