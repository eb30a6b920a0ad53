package io.incidentfeeds.afteraction.replay;

import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processing.rejection.Rejection;
import io.incidentfeeds.processing.validation.ClockCheck;
import io.incidentfeeds.processing.validation.RawTelemetry;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A raw record through the processor's first three steps, in its order: validate, normalize, check the
 * clock (processing-core, the code the live processor runs). The result is the edit reconciliation
 * receives, or the reason the processor dead-letters the record.
 */
public final class RawEdits {

    /** Either {@code edit} or {@code rejection} is set. */
    public record Outcome(NormalizedEdit edit, Rejection rejection) {
    }

    private final TelemetryValidator validator;
    private final EditNormalizer normalizer;

    public RawEdits(ProcessingSettings settings) {
        this.validator = new TelemetryValidator(settings.timestampWindow());
        this.normalizer = new EditNormalizer(JurisdictionIndex.load(settings.jurisdictionLayer()));
    }

    public Outcome process(ConsumerRecord<byte[], byte[]> record) {
        RawTelemetry raw = RawTelemetry.of(record.key(), record.value(), name -> header(record, name), record.timestamp());
        try {
            NormalizedEdit edit = normalizer.normalize(validator.validate(raw),
                    new SourcePosition(record.topic(), record.partition(), record.offset())).edit();
            ClockCheck.check(edit.edit());
            return new Outcome(edit, null);
        } catch (RejectedException e) {
            return new Outcome(null, e.rejection());
        }
    }

    /** The text of a header's last value, as the processor reads headers; null when absent. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
