package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.topology.NormalizedEditSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Reconciliation after one more trip through a repartition topic, whatever the edits' placement:
 * the path every edit took before raw records were keyed by incident. Beside
 * {@link ProcessorReconciliation} in the same run (raw key incident), it shows what the direct path
 * saves. {@code --reconciliation io.incidentfeeds.processor.bench.ReconciliationAfterTheHop}.
 */
public final class ReconciliationAfterTheHop implements LastStep {

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        context.processor().reconcile(editsByIncident.repartition(Repartitioned.with(Serdes.String(), new NormalizedEditSerde())
                .withName("bench-forced-hop")));
    }
}
