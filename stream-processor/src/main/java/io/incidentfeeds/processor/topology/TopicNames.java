package io.incidentfeeds.processor.topology;

import io.incidentfeeds.schemas.topics.Topics;

/**
 * The topics the processor reads and writes. Defaults from the contract ({@link Topics}) plus
 * {@code incidents.normalized}: where normalized edits go until reconciliation is plugged in.
 */
public record TopicNames(String raw, String dlq, String reconciled, String conflicts, String normalized) {

    public static final String NORMALIZED = "incidents.normalized";

    public static TopicNames defaults() {
        return new TopicNames(Topics.RAW, Topics.DLQ, Topics.RECONCILED, Topics.CONFLICTS, NORMALIZED);
    }
}
