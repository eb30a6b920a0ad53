package io.incidentfeeds.afteraction.replay;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.Edit;
import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.reconcile.Reconciler;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reconciliation over edits in memory, as the live processor's store holds it: each incident's state,
 * and the last version it emitted (the bytes a console was sent). Edits of an incident must be applied
 * in the order its raw partition holds them for the versions to be those the processor wrote; the
 * values do not depend on the order. It starts empty, or from checkpoints ({@link #seed}).
 */
public final class Picture {

    private final Reconciler reconciler = new Reconciler();
    private final Map<String, IncidentState> states = new HashMap<>();
    private final SortedMap<String, byte[]> lastVersions = new TreeMap<>();

    /** Starts an incident from a checkpoint: its state as the processor stored it, and the last version it emitted. */
    public void seed(String incidentId, IncidentState state, byte[] lastVersion) {
        states.put(incidentId, state);
        lastVersions.put(incidentId, lastVersion);
    }

    /** Applies one edit; what reconciliation emitted for it. */
    public Reconciler.Applied apply(NormalizedEdit edit) {
        IncidentState state = states.computeIfAbsent(edit.incidentId(), id -> new IncidentState());
        Reconciler.Applied applied = reconciler.apply(state, Edit.of(edit));
        if (applied.reconciled() != null) {
            lastVersions.put(edit.incidentId(), applied.reconciled());
        }
        return applied;
    }

    /** Incident id -> its last emitted version (JSON bytes of incidents.reconciled), in id order. */
    public SortedMap<String, byte[]> lastVersions() {
        return lastVersions;
    }
}
