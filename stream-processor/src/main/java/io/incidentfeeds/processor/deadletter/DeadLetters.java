package io.incidentfeeds.processor.deadletter;

import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the contract's dead-letter headers: the raw record's own headers kept, any {@code dlq.*}
 * header already there replaced (nobody upstream may pre-judge a record), then {@code dlq.reason},
 * {@code dlq.detail}, {@code dlq.source.*} and {@code dlq.failed.at}.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static Headers headers(Headers raw, DlqReason reason, String detail, String sourceTopic, int partition,
                                  long offset, FailureStage stage) {
        RecordHeaders out = new RecordHeaders();
        if (raw != null) {
            for (Header h : raw) {
                if (!h.key().startsWith("dlq.")) {
                    out.add(h.key(), h.value());
                }
            }
        }
        put(out, DlqHeaders.REASON, reason.name());
        put(out, DlqHeaders.DETAIL, cap(detail));
        put(out, DlqHeaders.SOURCE_TOPIC, sourceTopic == null ? "" : sourceTopic);
        put(out, DlqHeaders.SOURCE_PARTITION, Integer.toString(Math.max(0, partition)));
        put(out, DlqHeaders.SOURCE_OFFSET, Long.toString(Math.max(0, offset)));
        put(out, DlqHeaders.FAILED_AT, stage.headerValue());
        return out;
    }

    /** The detail of an INTERNAL_ERROR: the exception chain and the top frames, within the cap. */
    public static String stackSummary(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        StringBuilder summary = new StringBuilder();
        int frames = 0;
        for (String line : text.toString().split("\\R")) {
            String trimmed = line.strip();
            boolean frame = trimmed.startsWith("at ");
            if (frame && frames++ >= 8) {
                continue; // the first frames say where; the rest is Kafka's machinery
            }
            if (!frame) {
                frames = trimmed.startsWith("...") ? frames : 0;
            }
            if (!trimmed.startsWith("...")) {
                summary.append(summary.length() == 0 ? "" : " ").append(trimmed);
            }
        }
        return cap(summary.toString());
    }

    static String cap(String s) {
        String detail = s == null || s.isBlank() ? "(no detail)" : s;
        return detail.length() <= DlqHeaders.MAX_DETAIL_LENGTH ? detail : detail.substring(0, DlqHeaders.MAX_DETAIL_LENGTH - 3) + "...";
    }

    private static void put(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
