package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.topology.IncidentTopology;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * What a throughput run puts after validate + normalize ({@code --reconciliation}): the processor's
 * own reconciliation ({@link ProcessorReconciliation}) or a stand-in. The rest of the topology is
 * the processor's, composed from {@link IncidentTopology}'s blocks.
 */
public interface LastStep {

    /** {@code normalizedTopic}: where the stand-ins that write the edits out write them. */
    record Context(IncidentTopology processor, String normalizedTopic) {
    }

    void attach(KStream<String, NormalizedEdit> editsByIncident, Context context);

    /**
     * Whether the edits are brought to the task of their incident first (what reconciliation needs).
     * A step that only writes them to a topic keyed by incident may answer false and save the hop.
     */
    default boolean needsRepartitionByIncident() {
        return true;
    }

    /** incidents.raw -> validate -> normalize -> check-clock -> dead letters | (placement by incident) -> {@code step}. */
    static Topology topology(LastStep step, Context context) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, NormalizedEdit> accepted = context.processor().acceptedEdits(builder);
        step.attach(step.needsRepartitionByIncident() ? context.processor().inItsIncidentsTask(accepted) : accepted, context);
        return builder.build();
    }
}
