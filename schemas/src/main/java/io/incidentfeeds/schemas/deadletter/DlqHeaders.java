package io.incidentfeeds.schemas.deadletter;

/**
 * Header names a dead-letter record carries in addition to the raw record's own headers
 * (see dead-letter-record.schema.json). Values are UTF-8 strings.
 */
public final class DlqHeaders {

    /** A {@link DlqReason} name. */
    public static final String REASON = "dlq.reason";
    /** Human-readable; names the offending field. */
    public static final String DETAIL = "dlq.detail";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    /** A {@link FailureStage#headerValue()}. */
    public static final String FAILED_AT = "dlq.failed.at";

    /** Longest detail written, so that a hostile payload cannot inflate the dead-letter topic. */
    public static final int MAX_DETAIL_LENGTH = 4096;

    private DlqHeaders() {
    }
}
