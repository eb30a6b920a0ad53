package io.incidentfeeds.processor.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processor.RawRecords;
import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/** The contract's dead-letter headers, and what an INTERNAL_ERROR says about its exception. */
class DeadLettersTest {

    @Test
    void aStackSummaryNamesTheExceptionItsCauseAndWhereItHappenedWithinTheContractsLength() {
        Exception error = new IllegalStateException("store closed", new java.io.IOException("disk full"));

        String summary = DeadLetters.stackSummary(error);

        assertThat(summary).startsWith("java.lang.IllegalStateException: store closed at ")
                .contains("DeadLettersTest.aStackSummaryNames")
                .contains("Caused by: java.io.IOException: disk full");
        assertThat(summary.length()).isLessThanOrEqualTo(DlqHeaders.MAX_DETAIL_LENGTH);
    }

    @Test
    void aHugeDetailIsCutToTheContractsLength() {
        Headers headers = DeadLetters.headers(RawRecords.mqttHeaders("incident/sffd/fire/telemetry"), DlqReason.SCHEMA_VIOLATION,
                "x".repeat(10_000), "incidents.raw", 0, 1, FailureStage.VALIDATE);

        String detail = RawRecords.headerMap(headers).get(DlqHeaders.DETAIL);
        assertThat(detail).hasSize(DlqHeaders.MAX_DETAIL_LENGTH).endsWith("...");
    }

    @Test
    void dlqHeadersASenderSmuggledInAreReplacedNotKept() {
        Headers raw = RawRecords.mqttHeaders("incident/sffd/fire/telemetry");
        RawRecords.put(raw, DlqHeaders.REASON, "CLOCK_INVALID");
        RawRecords.put(raw, "dlq.forged", "yes");

        Headers headers = DeadLetters.headers(raw, DlqReason.MALFORMED_JSON, "payload is not JSON", "incidents.raw", 2, 40,
                FailureStage.VALIDATE);

        assertThat(RawRecords.headerMap(headers))
                .containsEntry(DlqHeaders.REASON, "MALFORMED_JSON")
                .containsEntry(DlqHeaders.SOURCE_PARTITION, "2")
                .containsEntry(DlqHeaders.SOURCE_OFFSET, "40")
                .containsEntry("mqtt.qos", "1")
                .doesNotContainKey("dlq.forged");
        assertThat(headers.headers(DlqHeaders.REASON)).hasSize(1);
    }
}
