package io.incidentfeeds.schemas.reconciled;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * The foreign member {@code reconciliation} of a reconciled incident.
 *
 * @param version       +1 per emitted change of the merged state, from 1
 * @param diffType      create the first time, then update, or delete
 * @param clock         pointwise maximum of every applied edit's clock
 * @param agencies      agencies that contributed an applied edit, sorted
 * @param jurisdictions jurisdiction ids the geometry intersects, sorted
 * @param eventTime     timestamp of the edit that produced this version (never wall-clock time)
 * @param conflicts     unresolved concurrent writes among the current maximal writes
 * @param source        the raw record of that edit
 */
public record Reconciliation(
        long version,
        DiffType diffType,
        SortedMap<String, Long> clock,
        List<String> agencies,
        List<String> jurisdictions,
        Instant eventTime,
        List<ConflictSummary> conflicts,
        SourcePosition source) {
}
