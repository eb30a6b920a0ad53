package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.schemas.reconciled.ConflictSummary;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Applies one edit to an incident's state and says what to emit: a pure function of (state, edit),
 * with no clock, randomness or hash order, so a replay gives the same bytes. The rules are in
 * the README's "Reconciliation"; in short:
 * <ol>
 *   <li>a dot already applied is a duplicate: nothing changes;
 *   <li>the edit writes the deletion (true for op delete, false otherwise), and an upsert every
 *       plain field it carries; each write joins the field's maximal writes unless it is stale;
 *   <li>the always-carried fields are judged as writes or repeats once the edit's causal past is
 *       all here ({@link CarriedField});
 *   <li>the fields written are decided again; if what consumers see of one changed (its value or
 *       its conflict; while deleted, only the deletion's), the next version is emitted, with a
 *       conflict record for each field whose conflict is new or changed. The state before the edit
 *       shows what was last emitted (every edit either emitted its state or left it looking the
 *       same), so no digest of the emitted content is kept.
 * </ol>
 */
public final class Reconciler {

    /**
     * What applying one edit did and what to emit: {@code reconciled}, the new version's JSON for
     * {@code incidents.reconciled} (null unless {@code kind} is CHANGED); {@code conflicts}, conflict
     * records' JSON for {@code incidents.conflicts}; the rest counts where a bound was reached.
     */
    public record Applied(Kind kind, DiffType diffType, byte[] reconciled, List<byte[]> conflicts, int judgedWithoutPast,
                          boolean gapGivenUp, int propertiesLeftOut) {

        static Applied duplicate() {
            return new Applied(Kind.DUPLICATE, null, null, List.of(), 0, false, 0);
        }
    }

    public enum Kind {
        /** The dot was applied before: nothing changed. */
        DUPLICATE,
        /** Applied (clock, maybe hidden fields), but what consumers see did not change: nothing emitted. */
        UNCHANGED,
        /** A new version was emitted. */
        CHANGED
    }

    /** Applies {@code edit} to {@code state}, which it changes in place (unless the edit is a duplicate). */
    public Applied apply(IncidentState state, Edit edit) {
        AppliedDots.Added added = state.applied.add(edit.dot());
        if (added == AppliedDots.Added.DUPLICATE) {
            return Applied.duplicate();
        }
        state.decisions(); // decided before the edit: what was last emitted (once per state read from the store)
        state.clock = state.clock.merge(edit.clock());
        if (edit.timestamp().isAfter(state.maxEditTimestamp)) {
            state.maxEditTimestamp = edit.timestamp();
        }
        List<String> written = new ArrayList<>(edit.values().size() + 1);
        state.field(Fields.DELETED).add(edit.write(Fields.DELETED, edit.delete() ? CanonicalJson.TRUE : CanonicalJson.FALSE));
        for (Map.Entry<String, byte[]> carried : edit.values().entrySet()) {
            String field = carried.getKey();
            FieldWrite write = edit.write(field, carried.getValue());
            if (Fields.ALWAYS_CARRIED.contains(field)) {
                state.carried(field).carry(write); // a delete carries them too, and is judged like any edit
            } else if (!edit.delete()) {
                state.field(field).add(write);     // a delete writes nothing but the deletion
                written.add(field);
            }
        }
        int judgedWithoutPast = 0;
        for (CarriedField field : state.carried.values()) {
            judgedWithoutPast += field.settle(state.applied);
        }
        written.addAll(state.carried.keySet()); // settling may decide an earlier edit's value as a write
        return emit(state, edit, written, judgedWithoutPast, added == AppliedDots.Added.NEW_GAP_GIVEN_UP);
    }

    /**
     * {@code written}: the fields besides the deletion whose writes changed (every edit writes the
     * deletion); no other field's decision can have changed.
     */
    private static Applied emit(IncidentState state, Edit edit, List<String> written, int judgedWithoutPast, boolean gapGivenUp) {
        Decision deletionBefore = state.decideAgain(Fields.DELETED);
        Decision[] before = new Decision[written.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = state.decideAgain(written.get(i));
        }
        SortedMap<String, Decision> decisions = state.decisions();
        boolean wasDeleted = isTrue(deletionBefore);
        boolean deleted = isTrue(decisions.get(Fields.DELETED));
        // While deleted, consumers see only that it is deleted, and the conflicts on its deletion.
        boolean changed = !Decision.sameToConsumers(deletionBefore, decisions.get(Fields.DELETED));
        for (int i = 0; i < before.length && !changed && !deleted; i++) {
            changed = !Decision.sameToConsumers(before[i], decisions.get(written.get(i)));
        }
        if (!changed) {
            return new Applied(Kind.UNCHANGED, null, null, List.of(), judgedWithoutPast, gapGivenUp, 0);
        }
        DiffType diffType = deleted ? DiffType.DELETE
                : state.lastEmitted == null || state.lastEmitted == DiffType.DELETE ? DiffType.CREATE : DiffType.UPDATE;
        state.version++;
        state.lastEmitted = diffType;

        SortedMap<String, Decision> visible = deleted ? decisions.subMap(Fields.DELETED, Fields.DELETED + "\0") : decisions;
        // The conflicts reported for the fields not written are those they have (unless the deletion
        // flipped, which shows or hides the other fields): only the written ones need comparing.
        boolean compareAll = deleted != wasDeleted;
        List<ConflictSummary> conflicts = new ArrayList<>();
        List<byte[]> conflictRecords = new ArrayList<>();
        for (Map.Entry<String, Decision> e : visible.entrySet()) {
            String field = e.getKey();
            Decision decision = e.getValue();
            List<ConflictSummary> summaries = MergedView.summaries(field, decision);
            conflicts.addAll(summaries);
            if (!compareAll && !field.equals(Fields.DELETED) && !written.contains(field)) {
                continue;
            }
            String reported = summaries.isEmpty() ? null : summaries.toString();
            if (reported == null) {
                state.reportedConflicts.remove(field);
            } else if (!reported.equals(state.reportedConflicts.get(field))) {
                state.reportedConflicts.put(field, reported);
                conflictRecords.add(ReconciledRecords.conflict(edit, field, decision, state.version));
            }
        }
        ReconciledRecords.Rendered rendered = ReconciledRecords.incident(state, edit, decisions, deleted, diffType, conflicts);
        return new Applied(Kind.CHANGED, diffType, rendered.json(), conflictRecords, judgedWithoutPast, gapGivenUp,
                rendered.propertiesLeftOut());
    }

    private static boolean isTrue(Decision decision) {
        return decision != null && Arrays.equals(decision.value(), CanonicalJson.TRUE);
    }
}
