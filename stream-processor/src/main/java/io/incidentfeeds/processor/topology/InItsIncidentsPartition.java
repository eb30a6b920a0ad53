package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import org.apache.kafka.streams.kstream.Predicate;

/**
 * Whether an edit was read from the partition of {@code incidents.raw} where its incident is
 * reconciled: the one Kafka's default partitioner gives its {@code incident_id}, which is where the
 * repartition hop would send it ({@link RawRecordKey#partitionOf}: the one definition, which readers of the
 * checkpoints use too). The connector keys raw records by incident
 * ({@code RawRecordKey}), so nearly every edit is; only the others take the hop. Judged by the
 * partition the record was read from, not by its key, so a producer with another key or
 * partitioner can never split an incident's state across two tasks. The others are counted
 * ({@code incidentfeeds_edits_repartitioned_total}): a count that climbs says a producer of raw
 * records does not key them by incident.
 */
final class InItsIncidentsPartition implements Predicate<String, NormalizedEdit> {

    private final int rawPartitions;
    private final ProcessorMetrics metrics;

    InItsIncidentsPartition(int rawPartitions, ProcessorMetrics metrics) {
        if (rawPartitions < 1) {
            throw new IllegalArgumentException("partitions of the raw topic must be positive: " + rawPartitions);
        }
        this.rawPartitions = rawPartitions;
        this.metrics = metrics;
    }

    @Override
    public boolean test(String incidentId, NormalizedEdit edit) {
        boolean inPlace = edit.source().partition() == RawRecordKey.partitionOf(incidentId, rawPartitions);
        if (!inPlace) {
            metrics.repartitioned();
        }
        return inPlace;
    }
}
