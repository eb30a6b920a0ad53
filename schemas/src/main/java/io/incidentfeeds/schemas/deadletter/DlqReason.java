package io.incidentfeeds.schemas.deadletter;

/**
 * Why a record was dead-lettered: the value of the {@code dlq.reason} header. The processor checks
 * in the order of the constants below (after PAYLOAD_TOO_LARGE and MALFORMED_JSON, which come
 * first) and reports the first failure.
 */
public enum DlqReason {
    /** Empty payload, or over the 256 KiB limit (or dropped by the connector as oversize). */
    PAYLOAD_TOO_LARGE,
    /** Not UTF-8, not JSON, or JSON beyond the parser's limits (depth, string or number length). */
    MALFORMED_JSON,
    /** Breaks telemetry.schema.json; the detail names the JSON pointer. */
    SCHEMA_VIOLATION,
    /** properties.agency_id differs from the MQTT topic's agency. */
    AGENCY_MISMATCH,
    /** properties.incident_type differs from the MQTT topic's type. */
    TYPE_MISMATCH,
    /** timestamp too far in the future or too old. */
    TIMESTAMP_OUT_OF_RANGE,
    /** crs names a CRS the processor cannot reproject from. */
    UNSUPPORTED_CRS,
    /** A coordinate outside WGS84 after reprojection, NaN or infinite. */
    COORDINATE_OUT_OF_RANGE,
    /** A geometry that cannot be made valid unambiguously. */
    INVALID_GEOMETRY,
    /** clock[agency_id] differs from sequence_number. */
    CLOCK_INVALID,
    /** An unexpected failure of the processor itself; the detail summarizes the stack trace. */
    INTERNAL_ERROR
}
