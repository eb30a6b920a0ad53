package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processor.normalize.NormalizedEdit;

/**
 * The Kafka work reconciliation does per edit, with the sizes it writes on the benchmark's workload,
 * and none of its own work (see {@link ReconciliationStandIn}): a 355-byte state stored, a 592-byte
 * version, both fixed arrays. Nothing is serialized, decoded, decided or rendered. Unlike
 * {@link StoreAndForwardOnly}, which also serializes each edit, its throughput against validate +
 * normalize is the ceiling for any reconcile step that keeps the state store.
 * {@code --reconciliation ...bench.ReconciliationKafkaWorkOnly}.
 *
 * <p>The sizes are the means {@code reconcile.WorkloadSizes} measures over the workload's first
 * 100,000 edits (10,000 incidents, 20% concurrent) through the real topology: a state 355 bytes, a
 * version 592 bytes (83% of edits emit one), a conflict record 508 bytes (11.5%).
 */
public final class ReconciliationKafkaWorkOnly extends ReconciliationStandIn {

    private static final byte[] STATE = Filled.text(355);
    private static final byte[] VERSION = Filled.text(592);

    @Override
    Output handle(NormalizedEdit edit, byte[] stored, boolean emits) {
        return new Output(STATE, emits ? VERSION : null);
    }
}
