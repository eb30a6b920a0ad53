package io.incidentfeeds.schemas.reconciled;

/** A conflict as listed in {@code reconciliation.conflicts}: the field, the kept and a discarded write. */
public record ConflictSummary(String field, Dot kept, Dot discarded) {
}
