package io.incidentfeeds.simulator.scenario;

import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.reconciled.Dot;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What a run published, by kind: the "published" side of the end-to-end accounting. */
public final class SimulationLedger {

    private long edits;
    private long duplicates;
    private final Map<DlqReason, Long> bad = new EnumMap<>(DlqReason.class);
    private final Set<String> incidents = new TreeSet<>();
    private final Set<PublishedEdit> editIds = new java.util.LinkedHashSet<>();

    /** One published edit: its incident and its dot. */
    public record PublishedEdit(String incidentId, Dot dot) {
    }

    public synchronized void record(SimulatedMessage message) {
        switch (message.kind()) {
            case EDIT -> {
                edits++;
                incidents.add(message.incidentId());
                editIds.add(new PublishedEdit(message.incidentId(), message.dot()));
            }
            case DUPLICATE -> duplicates++;
            case BAD -> bad.merge(message.expectedReason(), 1L, Long::sum);
        }
    }

    public synchronized long published() {
        return edits + duplicates + badTotal();
    }

    public synchronized long edits() {
        return edits;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long badTotal() {
        return bad.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized Map<DlqReason, Long> badByReason() {
        return new EnumMap<>(bad);
    }

    /** Every edit published, in publish order. */
    public synchronized Set<PublishedEdit> editIds() {
        return new java.util.LinkedHashSet<>(editIds);
    }

    /** Ids of the incidents that received at least one valid edit. */
    public synchronized Set<String> incidentIds() {
        return new TreeSet<>(incidents);
    }

    @Override
    public synchronized String toString() {
        return "published=" + published() + " edits=" + edits + " duplicates=" + duplicates + " bad=" + bad
                + " incidents=" + incidents.size();
    }
}
