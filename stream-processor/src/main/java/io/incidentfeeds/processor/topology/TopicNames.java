package io.incidentfeeds.processor.topology;

import io.incidentfeeds.schemas.topics.Topics;

/**
 * The topics the processor reads and writes; the defaults are the contract's ({@link Topics}).
 * {@code history} receives every version written to {@code reconciled}, in the same transaction.
 */
public record TopicNames(String raw, String dlq, String reconciled, String history, String conflicts) {

    public static TopicNames defaults() {
        return new TopicNames(Topics.RAW, Topics.DLQ, Topics.RECONCILED, Topics.HISTORY, Topics.CONFLICTS);
    }
}
