package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.schemas.reconciled.ConflictSummary;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 *   <li>if the visible content changed (the fields and conflicts, or only the deletion's conflicts
 *       while deleted), the next version is emitted, with a conflict record for each field whose
 *       conflict is new or changed.
 * </ol>
 */
public final class Reconciler {

    /** What applying one edit did and what to emit. */
    public record Outcome(Kind kind, DiffType diffType, byte[] reconciled, List<byte[]> conflicts, int judgedWithoutPast,
                          boolean gapGivenUp, int propertiesLeftOut) {

        static Outcome duplicate() {
            return new Outcome(Kind.DUPLICATE, null, null, List.of(), 0, false, 0);
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

    public Outcome apply(IncidentState state, Edit edit) {
        AppliedDots.Added added = state.applied.add(edit.dot());
        if (added == AppliedDots.Added.DUPLICATE) {
            return Outcome.duplicate();
        }
        state.clock = state.clock.merge(edit.clock());
        state.field(Fields.DELETED).add(edit.write(Fields.DELETED, edit.delete() ? CanonicalJson.TRUE : CanonicalJson.FALSE));
        for (Map.Entry<String, byte[]> carried : edit.values().entrySet()) {
            String field = carried.getKey();
            FieldWrite write = edit.write(field, carried.getValue());
            if (Fields.ALWAYS_CARRIED.contains(field)) {
                state.carried(field).carry(write); // a delete carries them too, and is judged like any edit
            } else if (!edit.delete()) {
                state.field(field).add(write);     // a delete writes nothing but the deletion
            }
        }
        int judgedWithoutPast = 0;
        for (CarriedField field : state.carried.values()) {
            judgedWithoutPast += field.settle(state.applied);
        }
        return emit(state, edit, judgedWithoutPast, added == AppliedDots.Added.NEW_GAP_GIVEN_UP);
    }

    private static Outcome emit(IncidentState state, Edit edit, int judgedWithoutPast, boolean gapGivenUp) {
        SortedMap<String, Decision> decisions = state.decide();
        boolean deleted = Arrays.equals(decisions.get(Fields.DELETED).value(), CanonicalJson.TRUE);
        // While deleted, consumers see only that it is deleted, and the conflicts on its deletion.
        SortedMap<String, Decision> visible = deleted ? decisions.subMap(Fields.DELETED, Fields.DELETED + "\0") : decisions;
        byte[] digest = digest(deleted, visible);
        if (Arrays.equals(digest, state.emittedDigest)) {
            return new Outcome(Kind.UNCHANGED, null, null, List.of(), judgedWithoutPast, gapGivenUp, 0);
        }
        DiffType diffType = deleted ? DiffType.DELETE
                : state.lastEmitted == null || state.lastEmitted == DiffType.DELETE ? DiffType.CREATE : DiffType.UPDATE;
        state.version++;
        state.lastEmitted = diffType;
        state.emittedDigest = digest;

        List<ConflictSummary> conflicts = new ArrayList<>();
        List<byte[]> conflictRecords = new ArrayList<>();
        for (Map.Entry<String, Decision> e : visible.entrySet()) {
            String field = e.getKey();
            Decision decision = e.getValue();
            List<ConflictSummary> summaries = MergedView.summaries(field, decision);
            conflicts.addAll(summaries);
            String reported = summaries.isEmpty() ? null : summaries.toString();
            if (reported == null) {
                state.reportedConflicts.remove(field);
            } else if (!reported.equals(state.reportedConflicts.get(field))) {
                state.reportedConflicts.put(field, reported);
                conflictRecords.add(ReconciledRecords.conflict(edit, field, decision, state.version));
            }
        }
        ReconciledRecords.Rendered rendered = ReconciledRecords.incident(state, edit, decisions, deleted, diffType, conflicts);
        return new Outcome(Kind.CHANGED, diffType, rendered.json(), conflictRecords, judgedWithoutPast, gapGivenUp,
                rendered.propertiesLeftOut());
    }

    /** SHA-256 of what consumers see: deleted or not, every visible field's value and its conflicts. */
    private static byte[] digest(boolean deleted, SortedMap<String, Decision> visible) {
        MessageDigest sha = sha256();
        sha.update((byte) (deleted ? 1 : 0));
        for (Map.Entry<String, Decision> e : visible.entrySet()) {
            sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(e.getValue().value());
            sha.update((byte) 0);
            for (FieldWrite d : e.getValue().discarded()) {
                sha.update((e.getValue().kept().dot() + ">" + d.dot()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
        }
        return sha.digest();
    }

    /** One per thread, reused: digest() resets it, and looking the algorithm up per edit cost more than hashing. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private static MessageDigest sha256() {
        MessageDigest sha = SHA_256.get();
        sha.reset(); // in case a previous use threw half-way
        return sha;
    }
}
