package io.incidentfeeds.afteraction.read;

import java.util.List;

/**
 * The topics a review reads (the contract's names unless renamed). {@code history} holds every
 * version; a cluster whose processor predates it has only the compacted {@code reconciled}.
 */
public record TopicNames(String raw, String dlq, String reconciled, String history, String conflicts) {

    /** The topics every cluster of the pipeline has: all but the history. */
    public List<String> all() {
        return List.of(raw, dlq, reconciled, conflicts);
    }
}
