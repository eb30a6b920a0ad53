package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.NormalizedEditsTopic;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Validate + normalize alone: the accepted edits written to a topic keyed by incident
 * ({@link NormalizedEditsTopic}), so no repartition comes first. The benchmark's default
 * {@code --reconciliation}.
 */
public final class NormalizedEditsTopicStep implements LastStep {

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        NormalizedEditsTopic.write(editsByIncident, context.normalizedTopic());
    }

    @Override
    public boolean needsRepartitionByIncident() {
        return false;
    }
}
