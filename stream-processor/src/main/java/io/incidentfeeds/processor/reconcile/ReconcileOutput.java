package io.incidentfeeds.processor.reconcile;

/** What the reconcile processor forwards, as contract JSON bytes, to one of its sinks. */
public sealed interface ReconcileOutput {

    /** A version of the incident, for incidents.reconciled. */
    record Reconciled(byte[] json) implements ReconcileOutput {
    }

    /** A conflict record, for incidents.conflicts. */
    record Conflict(byte[] json) implements ReconcileOutput {
    }

    /** A record of a checkpoint (schemas section 8), for incidents.checkpoints; its key names the task. */
    record Checkpoint(byte[] json) implements ReconcileOutput {
    }

    /** The incident was forgotten: the compaction tombstone (null value) on incidents.reconciled. */
    record Forgotten() implements ReconcileOutput {
    }

    /** A version's JSON, or null (the compaction tombstone) for a forgotten incident: the value for incidents.reconciled. */
    static byte[] reconciledValue(ReconcileOutput out) {
        return out instanceof Reconciled reconciled ? reconciled.json() : null;
    }

    /** A checkpoint record's JSON: the value for incidents.checkpoints. */
    static byte[] checkpointValue(ReconcileOutput out) {
        return ((Checkpoint) out).json();
    }

    /** A conflict record's JSON: the value for incidents.conflicts. */
    static byte[] conflictValue(ReconcileOutput out) {
        return ((Conflict) out).json();
    }
}
