package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.reconcile.CheckpointSettings;
import io.incidentfeeds.processor.topology.IncidentTopology;
import java.util.Properties;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The processor's reconciliation with {@code checkpoint.interval=off} whatever the run's settings: no
 * versions store, no checkpoints. Beside {@link ProcessorReconciliation} (run with the interval under
 * test in {@code --settings}), what checkpoints cost. {@code --reconciliation ...bench.ReconciliationWithoutCheckpoints}.
 */
public final class ReconciliationWithoutCheckpoints implements LastStep {

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        IncidentTopology processor = context.processor();
        Properties off = new Properties();
        off.putAll(processor.settings());
        off.setProperty(CheckpointSettings.INTERVAL, "off");
        new IncidentTopology(processor.topics(), null, null, processor.metrics(), off, processor.rawPartitions()).reconcile(editsByIncident);
    }
}
