package io.incidentfeeds.processing.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The specification (stream-processor/README.md, "Reconciliation") written as plainly as possible,
 * over a whole history at once: no incremental state, no bounds, nothing shared with the implementation. The convergence
 * property compares the implementation, fed the same edits in any order, against this.
 */
final class SpecificationModel {

    static final List<String> ALWAYS_CARRIED = List.of("incident_type", "status");

    /** One edit: who, what it had seen, when, and the fields it carries as JSON text. */
    record SpecEdit(String agency, long seq, Map<String, Long> clock, Instant timestamp, boolean delete,
                    SortedMap<String, String> values) {

        String dot() {
            return agency + ":" + seq;
        }
    }

    /** The decided picture: field values (JSON text), conflicts as "field kept>discarded", clock, agencies. */
    record View(SortedMap<String, String> values, SortedSet<String> conflicts, SortedMap<String, Long> clock,
                SortedSet<String> agencies) {

        boolean deleted() {
            return "true".equals(values.get("deleted"));
        }
    }

    private SpecificationModel() {
    }

    /** B follows A when B's clock has seen A's dot and B is not A. */
    static boolean follows(SpecEdit b, SpecEdit a) {
        return !b.dot().equals(a.dot()) && b.clock().getOrDefault(a.agency(), 0L) >= a.seq();
    }

    static View view(Collection<SpecEdit> delivered) {
        // Duplicates are the same edit: keep one per dot.
        Map<String, SpecEdit> byDot = new LinkedHashMap<>();
        delivered.forEach(e -> byDot.putIfAbsent(e.dot(), e));
        List<SpecEdit> history = new ArrayList<>(byDot.values());
        // Any order in which each edit comes after every edit it follows will do; count the pairs.
        Map<SpecEdit, Long> followed = new java.util.HashMap<>();
        history.forEach(e -> followed.put(e, history.stream().filter(o -> follows(e, o)).count()));
        history.sort(Comparator.comparing((SpecEdit e) -> followed.get(e)).thenComparing(SpecEdit::dot));

        // Which edits write which field, with the value each wrote.
        Map<String, Map<SpecEdit, String>> writes = new TreeMap<>();
        for (SpecEdit e : history) {
            write(writes, "deleted", e, e.delete() ? "true" : "false");
            for (Map.Entry<String, String> carried : e.values().entrySet()) {
                String field = carried.getKey();
                if (ALWAYS_CARRIED.contains(field)) {
                    // Written only when it differs from what the edit observed in its causal past.
                    Map<SpecEdit, String> pastWrites = new LinkedHashMap<>();
                    writes.getOrDefault(field, Map.of()).forEach((w, v) -> {
                        if (follows(e, w)) {
                            pastWrites.put(w, v);
                        }
                    });
                    String observed = decide(field, pastWrites, new TreeSet<>());
                    if (!carried.getValue().equals(observed)) {
                        write(writes, field, e, carried.getValue());
                    }
                } else if (!e.delete()) {
                    write(writes, field, e, carried.getValue());
                }
            }
        }

        SortedMap<String, String> values = new TreeMap<>();
        SortedSet<String> conflicts = new TreeSet<>();
        writes.forEach((field, byEdit) -> values.put(field, decide(field, byEdit, conflicts)));
        SortedMap<String, Long> clock = new TreeMap<>();
        SortedSet<String> agencies = new TreeSet<>();
        for (SpecEdit e : history) {
            e.clock().forEach((a, s) -> clock.merge(a, s, Math::max));
            agencies.add(e.agency());
        }
        return new View(values, conflicts, clock, agencies);
    }

    private static void write(Map<String, Map<SpecEdit, String>> writes, String field, SpecEdit e, String value) {
        writes.computeIfAbsent(field, f -> new LinkedHashMap<>()).put(e, value);
    }

    /**
     * The value among the maximal writes (those no other write of the field follows): the latest
     * timestamp wins, then the first agency id; a conflict for each maximal write of another value.
     */
    private static String decide(String field, Map<SpecEdit, String> writes, SortedSet<String> conflicts) {
        List<SpecEdit> maximal = new ArrayList<>();
        for (SpecEdit w : writes.keySet()) {
            if (writes.keySet().stream().noneMatch(o -> follows(o, w))) {
                maximal.add(w);
            }
        }
        if (maximal.isEmpty()) {
            return null;
        }
        maximal.sort(Comparator.comparing(SpecEdit::timestamp).reversed().thenComparing(SpecEdit::agency));
        SpecEdit kept = maximal.get(0);
        for (SpecEdit other : maximal) {
            if (!writes.get(other).equals(writes.get(kept))) {
                conflicts.add(field + " " + kept.dot() + ">" + other.dot());
            }
        }
        return writes.get(kept);
    }
}
