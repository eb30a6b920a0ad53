package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processor.normalize.NormalizedEdit;
import io.incidentfeeds.processor.topology.NormalizedEditsTopicStep;
import io.incidentfeeds.processor.topology.ReconciliationStep;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The stand-in step, but placed by incident as a real reconciliation step is
 * ({@link ReconciliationStep#needsRepartitionByIncident()} left true): with {@code --raw-key
 * mqtt-topic} every edit takes the repartition hop, which measures what the hop through Kafka costs
 * before any reconciliation work. {@code --reconciliation
 * io.incidentfeeds.processor.bench.RepartitionedNormalizedEdits}.
 */
public final class RepartitionedNormalizedEdits implements ReconciliationStep {

    private final NormalizedEditsTopicStep sink = new NormalizedEditsTopicStep();

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        sink.attach(editsByIncident, context);
    }
}
