package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.rejection.Rejection;
import io.incidentfeeds.processing.validation.ValidatedTelemetry;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import io.incidentfeeds.schemas.reconciled.SourcePosition;

/**
 * What travels between the steps before the split: the raw payload (kept for the dead-letter
 * record) and how far the record got. Never serialized: the steps are chained in one sub-topology.
 */
public sealed interface Outcome {

    byte[] raw();

    /** When the first step began, for the latency metric (never written to any output). */
    long startedNanos();

    record Validated(byte[] raw, long startedNanos, ValidatedTelemetry telemetry, SourcePosition source) implements Outcome {
    }

    record Normalized(byte[] raw, long startedNanos, NormalizedEdit edit) implements Outcome {
    }

    record Rejected(byte[] raw, long startedNanos, Rejection rejection, FailureStage stage) implements Outcome {
    }
}
