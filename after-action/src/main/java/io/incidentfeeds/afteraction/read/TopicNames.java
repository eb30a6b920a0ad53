package io.incidentfeeds.afteraction.read;

import java.util.List;

/** The four topics a review reads (the contract's names unless renamed). */
public record TopicNames(String raw, String dlq, String reconciled, String conflicts) {

    public List<String> all() {
        return List.of(raw, dlq, reconciled, conflicts);
    }
}
