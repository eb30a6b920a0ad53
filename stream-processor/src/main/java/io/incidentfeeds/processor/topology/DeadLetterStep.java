package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processor.deadletter.DeadLetters;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a rejected record back into the raw record (same key, same value bytes, raw headers kept)
 * plus the contract's {@code dlq.*} headers, for the dead-letter topic.
 */
final class DeadLetterStep implements FixedKeyProcessor<byte[], Outcome, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStep.class);

    private final ProcessorMetrics metrics;
    private FixedKeyProcessorContext<byte[], byte[]> context;

    DeadLetterStep(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], Outcome> record) {
        Outcome.Rejected rejected = (Outcome.Rejected) record.value();
        RecordMetadata m = context.recordMetadata().orElseThrow();
        metrics.deadLettered(rejected.rejection().reason());
        LOG.debug("dead-lettering {}-{}@{}: {}", m.topic(), m.partition(), m.offset(), rejected.rejection());
        context.forward(record.withValue(rejected.raw())
                .withHeaders(DeadLetters.headers(record.headers(), rejected.rejection().reason(),
                        rejected.rejection().detail(), m.topic(), m.partition(), m.offset(), rejected.stage())));
    }
}
