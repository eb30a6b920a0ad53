package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.reconcile.ReconcileOutput;
import io.incidentfeeds.processor.reconcile.ReconcileStep;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The processor's reconcile step with the reconciled and conflicts sinks only, as before
 * incidents.history: beside {@link ProcessorReconciliation}, what writing every version a second time
 * costs. {@code --reconciliation ...bench.ReconciliationWithoutHistory}.
 */
public final class ReconciliationWithoutHistory implements LastStep {

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        var topics = context.processor().topics();
        KStream<String, ReconcileOutput> out = editsByIncident.process(
                new ReconcileStep(ProcessorConfig.of(Map.of()).all(), context.processor().metrics().registry())); // default reconciliation settings
        out.filterNot((id, o) -> o instanceof ReconcileOutput.Conflict)
                .mapValues(o -> o instanceof ReconcileOutput.Reconciled r ? r.json() : null)
                .to(topics.reconciled(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        out.filter((id, o) -> o instanceof ReconcileOutput.Conflict)
                .mapValues(o -> ((ReconcileOutput.Conflict) o).json())
                .to(topics.conflicts(), Produced.with(Serdes.String(), Serdes.ByteArray()));
    }
}
