package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processing.validation.RawTelemetry;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Step 1: size, JSON, schema, agency, type, timestamp window ({@link TelemetryValidator}). */
final class ValidateStep implements FixedKeyProcessor<byte[], byte[], Outcome> {

    private final TelemetryValidator validator;
    private final ProcessorMetrics metrics;
    private FixedKeyProcessorContext<byte[], Outcome> context;

    ValidateStep(TelemetryValidator validator, ProcessorMetrics metrics) {
        this.validator = validator;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Outcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        long started = System.nanoTime();
        metrics.recordIn();
        Headers headers = record.headers();
        RawTelemetry raw = RawTelemetry.of(record.key(), record.value(), name -> lastValue(headers, name), record.timestamp());
        Outcome outcome;
        try {
            outcome = new Outcome.Validated(record.value(), started, validator.validate(raw), sourcePosition());
        } catch (RejectedException e) {
            outcome = new Outcome.Rejected(record.value(), started, e.rejection(), FailureStage.VALIDATE);
        }
        context.forward(record.withValue(outcome));
    }

    private static String lastValue(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private SourcePosition sourcePosition() {
        RecordMetadata m = context.recordMetadata().orElseThrow();
        return new SourcePosition(m.topic(), m.partition(), m.offset());
    }
}
