package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KeyValueMapper;

/** Keys an accepted edit by its {@code incident_id} (the raw record's key is the connector's, bytes). */
final class KeyByIncident implements KeyValueMapper<byte[], Outcome, KeyValue<String, NormalizedEdit>> {

    private final ProcessorMetrics metrics;

    KeyByIncident(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public KeyValue<String, NormalizedEdit> apply(byte[] rawKey, Outcome outcome) {
        NormalizedEdit edit = ((Outcome.Normalized) outcome).edit();
        metrics.recordOut();
        return KeyValue.pair(edit.incidentId(), edit);
    }
}
