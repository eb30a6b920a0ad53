package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The stand-in step, but placed by incident as a real reconciliation step is
 * ({@link LastStep#needsRepartitionByIncident()} left true): with {@code --raw-key
 * mqtt-topic} every edit takes the repartition hop, which measures what the hop through Kafka costs
 * before any reconciliation work. {@code --reconciliation
 * io.incidentfeeds.processor.bench.RepartitionedNormalizedEdits}.
 */
public final class RepartitionedNormalizedEdits implements LastStep {

    private final NormalizedEditsTopicStep sink = new NormalizedEditsTopicStep();

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        sink.attach(editsByIncident, context);
    }
}
