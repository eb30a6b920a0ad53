package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.schemas.reconciled.DiffType;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What reconciliation keeps per incident (the stream processor stores it, {@code IncidentStateSerde} bytes):
 * enough to decide every field as the specification would over the whole history, and to tell
 * whether a new edit changes what was last emitted.
 *
 * <ul>
 *   <li>{@code applied}: the applied dots (duplicates), and {@code clock}: their clocks' pointwise
 *       maximum;
 *   <li>{@code fields}: per plain field (every property that is not always carried, the geometry,
 *       and the deletion), its {@link MaximalWrites};
 *   <li>{@code carried}: per always-carried field ({@code status}, {@code incident_type}), its
 *       {@link CarriedField};
 *   <li>what was emitted: the last version, its diff type, the conflicts reported per field, and
 *       since when the incident has been deleted (record time). Not the emitted content: after every
 *       edit what consumers see of the state either was emitted or equals what was, so the state's
 *       own decisions are the last emitted content;
 *   <li>{@code maxEditTimestamp}: the largest own timestamp among the edits applied (those that changed
 *       nothing consumers see included), so a checkpoint can say which event-time pictures it seeds;
 *       {@link #UNKNOWN_EDIT_TIMESTAMP} for a state stored before it was kept.
 * </ul>
 * While the state is held decoded it also keeps its fields' decisions ({@link #decisions}), so
 * that an edit decides again only the fields it wrote.
 * Bounded per incident: see the README, "Bounds, and where the result may leave the specification".
 */
public final class IncidentState {

    /** {@link #maxEditTimestamp()} of a new state: no edit applied. */
    public static final Instant NO_EDIT = Instant.MIN;
    /**
     * {@link #maxEditTimestamp()} of a state stored by a format that did not keep it: any timestamp may be
     * among its edits, so it is the largest instant, and stays so (merged with later edits' timestamps).
     */
    public static final Instant UNKNOWN_EDIT_TIMESTAMP = Instant.MAX;

    AppliedDots applied = new AppliedDots();
    VectorClock clock = VectorClock.EMPTY;
    final SortedMap<String, MaximalWrites> fields = new TreeMap<>();
    final SortedMap<String, CarriedField> carried = new TreeMap<>();

    long version;
    /** Diff type of the last emitted version; null before the first. */
    DiffType lastEmitted;
    /** Per visible field in conflict: the conflict as last reported on incidents.conflicts. */
    final SortedMap<String, String> reportedConflicts = new TreeMap<>();
    /** Record time at which the incident's deletion was emitted; -1 while it is live. */
    long deletedSince = -1;
    /** The largest own timestamp among the edits applied; see {@link #maxEditTimestamp()}. */
    Instant maxEditTimestamp = NO_EDIT;

    /** {@link #decide()}'s answer, kept up to date by {@link #decideAgain}; null until first asked. Not stored. */
    private SortedMap<String, Decision> decisions;

    /** A new incident's state: nothing applied yet. */
    public IncidentState() {
    }

    /** A state as it was stored (the state format's reader). */
    public IncidentState(AppliedDots applied, VectorClock clock, SortedMap<String, MaximalWrites> fields,
                         SortedMap<String, CarriedField> carried, long version, DiffType lastEmitted,
                         SortedMap<String, String> reportedConflicts, long deletedSince, Instant maxEditTimestamp) {
        this.applied = applied;
        this.clock = clock;
        this.fields.putAll(fields);
        this.carried.putAll(carried);
        this.version = version;
        this.lastEmitted = lastEmitted;
        this.reportedConflicts.putAll(reportedConflicts);
        this.deletedSince = deletedSince;
        this.maxEditTimestamp = maxEditTimestamp;
    }

    MaximalWrites field(String name) {
        return fields.computeIfAbsent(name, n -> new MaximalWrites());
    }

    CarriedField carried(String name) {
        return carried.computeIfAbsent(name, n -> new CarriedField());
    }

    /** The decided value of every field with a write, by field name (the deletion included). */
    SortedMap<String, Decision> decide() {
        SortedMap<String, Decision> decisions = new TreeMap<>();
        for (String name : fields.keySet()) {
            decideInto(decisions, name);
        }
        for (String name : carried.keySet()) {
            decideInto(decisions, name);
        }
        return decisions;
    }

    /** Puts {@code name}'s decision among its maximal writes into {@code decisions}, or removes it without a write; returns the one before. */
    private Decision decideInto(SortedMap<String, Decision> decisions, String name) {
        MaximalWrites writes = fields.get(name);
        if (writes == null) {
            CarriedField field = carried.get(name);
            writes = field == null ? null : field.maximal();
        }
        return writes == null || writes.isEmpty() ? decisions.remove(name) : decisions.put(name, writes.decide());
    }

    /** The decided value of every field with a write, kept between edits: see {@link #decideAgain}. */
    SortedMap<String, Decision> decisions() {
        if (decisions == null) {
            decisions = decide();
        }
        return decisions;
    }

    /**
     * Decides {@code name} again after writes to it and returns its decision before them (null when
     * it had none). A field's decision changes only with its own writes, so deciding again those an
     * edit wrote keeps {@link #decisions} equal to {@link #decide()}.
     */
    Decision decideAgain(String name) {
        return decideInto(decisions(), name);
    }

    /** The last version emitted (0 before the first). */
    public long version() {
        return version;
    }

    public VectorClock clock() {
        return clock;
    }

    public AppliedDots applied() {
        return applied;
    }

    /** The plain fields' maximal writes, by name (read-only: for the state format). */
    public SortedMap<String, MaximalWrites> fields() {
        return Collections.unmodifiableSortedMap(fields);
    }

    /** The always-carried fields, by name (read-only: for the state format). */
    public SortedMap<String, CarriedField> carried() {
        return Collections.unmodifiableSortedMap(carried);
    }

    /** Diff type of the last emitted version; null before the first. */
    public DiffType lastEmitted() {
        return lastEmitted;
    }

    /** Per visible field in conflict: the conflict as last reported (read-only). */
    public SortedMap<String, String> reportedConflicts() {
        return Collections.unmodifiableSortedMap(reportedConflicts);
    }

    /** Record time at which the incident's deletion was emitted; -1 while it is live. */
    public long deletedSince() {
        return deletedSince;
    }

    /** Set by the caller that indexes deleted incidents for forgetting them (record time, or -1 when live again). */
    public void deletedSince(long recordTime) {
        this.deletedSince = recordTime;
    }

    /**
     * The largest own {@code timestamp} among the edits applied to the incident, those that changed nothing
     * consumers see included: {@link #NO_EDIT} before the first, {@link #UNKNOWN_EDIT_TIMESTAMP} when the
     * state was stored by a format that did not keep it.
     */
    public Instant maxEditTimestamp() {
        return maxEditTimestamp;
    }
}
