package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Step 2: CRS, coordinate range, geometry repair/rounding/winding/split, bbox, jurisdictions. */
final class NormalizeStep implements FixedKeyProcessor<byte[], Outcome, Outcome> {

    private final EditNormalizer normalizer;
    private final ProcessorMetrics metrics;
    private FixedKeyProcessorContext<byte[], Outcome> context;

    NormalizeStep(EditNormalizer normalizer, ProcessorMetrics metrics) {
        this.normalizer = normalizer;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Outcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], Outcome> record) {
        if (!(record.value() instanceof Outcome.Validated v)) {
            context.forward(record);
            return;
        }
        Outcome outcome;
        try {
            EditNormalizer.Result result = normalizer.normalize(v.telemetry(), v.source());
            metrics.normalized(result.changes());
            outcome = new Outcome.Normalized(v.raw(), v.startedNanos(), result.edit());
        } catch (RejectedException e) {
            outcome = new Outcome.Rejected(v.raw(), v.startedNanos(), e.rejection(), FailureStage.NORMALIZE);
        }
        context.forward(record.withValue(outcome));
    }
}
