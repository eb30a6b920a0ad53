package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.schemas.reconciled.ConflictSummary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The merged picture of one incident as the specification decides it, independent of what was
 * emitted and when: every field's value (canonical JSON text, {@code null} for a removed
 * attribute; the deletion as {@code true}/{@code false}), the unresolved conflicts, the clock and
 * the contributing agencies. Two delivery orders of one history must give equal views.
 */
public record MergedView(SortedMap<String, String> values, List<ConflictSummary> conflicts,
                         SortedMap<String, Long> clock, List<String> agencies) {

    static final Comparator<ConflictSummary> CONFLICT_ORDER = Comparator.comparing(ConflictSummary::field)
            .thenComparing(ConflictSummary::discarded).thenComparing(ConflictSummary::kept);

    public static MergedView of(IncidentState state) {
        SortedMap<String, String> values = new TreeMap<>();
        List<ConflictSummary> conflicts = new ArrayList<>();
        for (Map.Entry<String, Decision> e : state.decide().entrySet()) {
            values.put(e.getKey(), new String(e.getValue().value(), StandardCharsets.UTF_8));
            conflicts.addAll(summaries(e.getKey(), e.getValue()));
        }
        return new MergedView(values, conflicts, state.clock.asMap(), state.applied.agencies());
    }

    /** One summary per discarded write, in the contract's form. */
    static List<ConflictSummary> summaries(String field, Decision decision) {
        if (decision.discarded().isEmpty()) {
            return List.of(); // most fields, on every emitted version
        }
        List<ConflictSummary> out = new ArrayList<>();
        for (FieldWrite d : decision.discarded()) {
            out.add(new ConflictSummary(field, decision.kept().dot(), d.dot()));
        }
        out.sort(CONFLICT_ORDER);
        return out;
    }

    public boolean deleted() {
        return "true".equals(values.get(Fields.DELETED));
    }
}
