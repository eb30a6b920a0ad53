package io.incidentfeeds.processor.reconcile;

/** What the reconcile processor forwards, as contract JSON bytes, to one of the two sinks. */
sealed interface ReconcileOutput {

    /** A version of the incident, for incidents.reconciled. */
    record Reconciled(byte[] json) implements ReconcileOutput {
    }

    /** A conflict record, for incidents.conflicts. */
    record Conflict(byte[] json) implements ReconcileOutput {
    }

    /** The incident was forgotten: the compaction tombstone (null value) on incidents.reconciled. */
    record Forgotten() implements ReconcileOutput {
    }
}
