package io.incidentfeeds.processor;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.topology.NormalizedEditSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Where tests and benchmarks write the accepted edits instead of reconciling them: a topic of
 * {@link NormalizedEditSerde} JSON, key {@code incident_id}, which shows exactly what reconciliation
 * would have been given.
 */
public final class NormalizedEditsTopic {

    public static final String DEFAULT = "incidents.normalized";

    private NormalizedEditsTopic() {
    }

    public static void write(KStream<String, NormalizedEdit> edits, String topic) {
        edits.to(topic, Produced.with(Serdes.String(), new NormalizedEditSerde()).withName("normalized-edits-sink"));
    }
}
