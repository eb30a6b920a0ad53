package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.normalize.NormalizedEdit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KeyValueMapper;

/** Re-keys an accepted edit from its MQTT topic to its {@code incident_id}. */
final class KeyByIncident implements KeyValueMapper<byte[], Outcome, KeyValue<String, NormalizedEdit>> {

    private final ProcessorMetrics metrics;

    KeyByIncident(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public KeyValue<String, NormalizedEdit> apply(byte[] mqttTopic, Outcome outcome) {
        NormalizedEdit edit = ((Outcome.Normalized) outcome).edit();
        metrics.recordOut();
        return KeyValue.pair(edit.incidentId(), edit);
    }
}
