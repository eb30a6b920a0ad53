package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;

/**
 * The Kafka work reconciliation does per edit, with the sizes it writes on the benchmark's workload,
 * and none of its own work (see {@link ReconciliationStandIn}, which gives the sizes): the state
 * stored and the version are fixed arrays of reconciliation's mean sizes. Nothing is serialized,
 * decoded, decided or rendered. Unlike {@link StoreAndForwardOnly}, which also serializes each edit,
 * its throughput against validate + normalize is the ceiling for any reconcile step that keeps the
 * issue's state store. {@code --reconciliation ...bench.ReconciliationKafkaWorkOnly}.
 */
public final class ReconciliationKafkaWorkOnly extends ReconciliationStandIn {

    private static final byte[] STATE = Filled.text(STATE_BYTES);
    private static final byte[] VERSION = Filled.text(VERSION_BYTES);

    @Override
    Output handle(NormalizedEdit edit, byte[] stored, boolean emits) {
        return new Output(STATE, emits ? VERSION : null);
    }
}
