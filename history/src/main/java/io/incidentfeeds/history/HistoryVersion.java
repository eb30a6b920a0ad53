package io.incidentfeeds.history;

import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.time.Instant;

/**
 * A version as {@code incidents.history} holds it: the incident, where it is, its record time (the
 * append time of the raw record that caused it) and its bytes (a reconciled incident).
 */
public record HistoryVersion(String incidentId, int partition, long offset, Instant appendedAt, byte[] json) {

    /** Its {@code reconciliation.version}. */
    public long version() {
        return ReconciledIncident.fromJson(json).reconciliation().version();
    }
}
