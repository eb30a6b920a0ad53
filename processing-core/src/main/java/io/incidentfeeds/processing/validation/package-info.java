/**
 * The first step for a raw record: {@link io.incidentfeeds.processing.validation.RawTelemetry#of}
 * from a record's key, value, headers and time, then {@link
 * io.incidentfeeds.processing.validation.TelemetryValidator#validate}; after normalization, {@link
 * io.incidentfeeds.processing.validation.ClockCheck#check}. Each throws {@code RejectedException}
 * with the dead-letter reason. The whole path, raw bytes to a reconciled version, is in
 * processing-core/README.md.
 */
package io.incidentfeeds.processing.validation;
