package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processing.validation.ClockCheck;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Step 3, the contract's last check: the clock's own entry equals sequence_number ({@link ClockCheck}). */
final class CheckClockStep implements FixedKeyProcessor<byte[], Outcome, Outcome> {

    private final ProcessorMetrics metrics;
    private FixedKeyProcessorContext<byte[], Outcome> context;

    CheckClockStep(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Outcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], Outcome> record) {
        Outcome outcome = record.value();
        if (outcome instanceof Outcome.Normalized n) {
            try {
                ClockCheck.check(n.edit().edit());
            } catch (RejectedException e) {
                outcome = new Outcome.Rejected(n.raw(), n.startedNanos(), e.rejection(), FailureStage.VALIDATE);
            }
        }
        metrics.processed(Duration.ofNanos(System.nanoTime() - outcome.startedNanos()));
        context.forward(record.withValue(outcome));
    }
}
