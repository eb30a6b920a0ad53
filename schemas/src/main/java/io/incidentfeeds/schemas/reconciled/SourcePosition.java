package io.incidentfeeds.schemas.reconciled;

/** Where the edit that produced a reconciled version was read: a raw record's coordinates. */
public record SourcePosition(String topic, int partition, long offset) {
}
