package io.incidentfeeds.schemas.deadletter;

import java.util.Locale;

/** The processing stage that rejected a record: the value of the {@code dlq.failed.at} header. */
public enum FailureStage {
    DESERIALIZE, VALIDATE, NORMALIZE, RECONCILE, PRODUCE;

    /** The header value: the lower-case name. */
    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureStage fromHeaderValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
