package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.normalize.NormalizedEdit;
import java.util.Properties;
import org.apache.kafka.streams.kstream.KStream;

/**
 * THE PLUG POINT for reconciliation: the last step of {@link IncidentTopology}.
 *
 * <p>{@link #attach} receives every validated, normalized edit, keyed by {@code incident_id} and
 * (unless {@link #needsRepartitionByIncident()} says otherwise) in the task of its incident: read
 * from the raw partition the incident hashes to, or moved there through the internal topic
 * {@code <application.id>-edits-by-incident-repartition}. So a state store placed after it sees
 * every edit of an incident in one task; in the order they were read, except that an edit that took
 * the hop may come after edits read later.
 * Values carry the raw record's {@code mqtt.*} headers. An implementation adds its processors and
 * sinks ({@code incidents.reconciled}, {@code incidents.conflicts}) to the stream; it is chosen by
 * the setting {@code reconciliation.step} (a class name with a public no-argument constructor).
 * Name its processors {@code reconcile...} so that an INTERNAL_ERROR there is dead-lettered with
 * {@code dlq.failed.at=reconcile}.
 *
 * <p>Until reconciliation lands, {@link NormalizedEditsTopicStep} writes the edits to
 * {@code incidents.normalized}.
 */
public interface ReconciliationStep {

    /** What a step may need from the service. {@code settings} are all of the processor's settings. */
    record Context(TopicNames topics, ProcessorMetrics metrics, Properties settings) {
    }

    void attach(KStream<String, NormalizedEdit> editsByIncident, Context context);

    /**
     * Whether the edits are brought to the task of their {@code incident_id} before {@link #attach} (default
     * true, and what reconciliation needs: a state store after it then sees every edit of an
     * incident in one task). A step that only writes the edits to a topic keyed by
     * {@code incident_id} may answer false and save a hop through Kafka, since that topic is then
     * partitioned by incident already; its stream is keyed by {@code incident_id} either way.
     */
    default boolean needsRepartitionByIncident() {
        return true;
    }
}
