package io.incidentfeeds.processing.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * The maximal writes of one field: those no other known write to the field causally follows. This
 * is all the specification needs to decide a field whose writes are plain writes, and it is small:
 * an agency's edits follow one another, so at most one write per agency is maximal.
 *
 * <p>Adding writes in any order yields the same set (the maximal elements of a set do not depend on
 * the order it was built in, given that "follows" is a partial order): a write that a kept write
 * follows is stale and dropped; otherwise it replaces the kept writes it follows.
 */
public final class MaximalWrites {

    private final List<FieldWrite> writes;
    /** {@link #decide()}'s answer until a write is added; null when not asked since. */
    private Decision decision;

    MaximalWrites() {
        this(new ArrayList<>());
    }

    public MaximalWrites(List<FieldWrite> writes) {
        this.writes = new ArrayList<>(writes);
        this.writes.sort(FieldWrite.BY_DOT);
    }

    /** Applies a write; false when it is stale (a kept write already follows it). */
    boolean add(FieldWrite write) {
        for (FieldWrite kept : writes) {
            if (kept.follows(write) || kept.dot().equals(write.dot())) {
                return false;
            }
        }
        writes.removeIf(write::follows);
        int at = 0;
        while (at < writes.size() && FieldWrite.BY_DOT.compare(writes.get(at), write) < 0) {
            at++;
        }
        writes.add(at, write);
        decision = null;
        return true;
    }

    /** The writes, by dot: to be read, not modified (the decision is kept until {@link #add}). */
    public List<FieldWrite> writes() {
        return writes;
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    /** The field's value among these writes (null without a write); kept until a write is added. */
    Decision decide() {
        if (decision == null) {
            decision = Decision.among(writes);
        }
        return decision;
    }
}
