package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processor.normalize.NormalizedEdit;
import io.incidentfeeds.processor.normalize.NormalizedEditSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The stand-in for reconciliation: writes normalized edits, key {@code incident_id}, to the topic
 * {@code topics.normalized} (default {@code incidents.normalized}) as {@link NormalizedEditSerde} JSON.
 * Keyed by incident, that topic is partitioned by incident, so no repartition comes first.
 */
public final class NormalizedEditsTopicStep implements ReconciliationStep {

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        editsByIncident.to(context.topics().normalized(),
                Produced.with(Serdes.String(), new NormalizedEditSerde()).withName("normalized-edits-sink"));
    }

    @Override
    public boolean needsRepartitionByIncident() {
        return false;
    }
}
