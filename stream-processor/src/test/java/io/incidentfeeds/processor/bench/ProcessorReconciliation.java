package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import org.apache.kafka.streams.kstream.KStream;

/** The processor's own reconciliation, as it runs in production. {@code --reconciliation ...bench.ProcessorReconciliation}. */
public final class ProcessorReconciliation implements LastStep {

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        context.processor().reconcile(editsByIncident);
    }
}
