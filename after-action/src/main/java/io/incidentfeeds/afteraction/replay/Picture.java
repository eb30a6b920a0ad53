package io.incidentfeeds.afteraction.replay;

import io.incidentfeeds.afteraction.spill.Spill;
import io.incidentfeeds.afteraction.spill.SpilledStates;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.Edit;
import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.reconcile.Reconciler;
import io.incidentfeeds.processing.state.IncidentStateSerde;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reconciliation over edits in memory, as the live processor's stores hold it: each incident's state,
 * and the last version it emitted (the bytes a console was sent). Edits of an incident must be applied
 * in the order its raw partition holds them for the versions to be those the processor wrote; the
 * values do not depend on the order. It starts empty, or from checkpoints ({@link #seed}).
 *
 * <p>Split as the live processor splits it, by task: an incident belongs to the task of the raw
 * partition its id is hashed to ({@link RawRecordKey#partitionOf}, the processor's own placement). Each task's part is guarded on its own, so the tasks can be replayed by parallel threads.
 * Past the memory bound, the states used least recently are spilled to RocksDB ({@link SpilledStates},
 * in {@link IncidentStateSerde}'s form, the processor's store's) and read back when an edit needs them;
 * the last versions stay in memory (their bytes: about 1 KB an incident).
 */
public final class Picture implements AutoCloseable {

    /** A state's estimated size in memory before any was measured; then six times its measured bytes. */
    static final int FIRST_ESTIMATE = 4096;
    static final int OBJECT_FACTOR = 6;

    private final Reconciler reconciler = new Reconciler();
    private final Task[] tasks;
    private final Spill spill;
    private SpilledStates spilled;
    private long spilledBytes;
    private long spilledStates;
    /** How many states a task may hold: its share of the memory over a state's estimated size; read on every put, so no lock. */
    private volatile long capacity;

    /** One task, everything in memory. */
    public Picture() {
        this(1, Spill.unbounded());
    }

    /** {@code tasks}: the raw topic's partitions; {@code spill}: the memory the states may take before they spill, and where. */
    public Picture(int tasks, Spill spill) {
        this.tasks = new Task[tasks];
        for (int i = 0; i < tasks; i++) {
            this.tasks[i] = new Task();
        }
        this.spill = spill.share(tasks);
        this.capacity = Math.max(1, this.spill.memoryBytes() / FIRST_ESTIMATE);
    }

    /** The task (raw partition) that reconciles an incident, as the live processor places it. */
    public int taskOf(String incidentId) {
        return tasks.length == 1 ? 0 : RawRecordKey.partitionOf(incidentId, tasks.length);
    }

    /** Applies one edit in its incident's task; what reconciliation emitted for it. Tasks may be applied to by parallel threads. */
    public Reconciler.Applied apply(NormalizedEdit edit) {
        Task task = tasks[taskOf(edit.incidentId())];
        synchronized (task) {
            return task.apply(edit);
        }
    }

    /** Starts an incident from a checkpoint: its state as the processor stored it, and the last version it emitted. */
    public void seed(String incidentId, IncidentState state, byte[] lastVersion) {
        Task task = tasks[taskOf(incidentId)];
        synchronized (task) {
            task.states.put(incidentId, state);
            task.lastVersions.put(incidentId, lastVersion);
        }
    }

    /** Incident id -> its last emitted version (JSON bytes of incidents.reconciled), in id order: a new map each call ({@code AsOf.Result} keeps one). */
    public SortedMap<String, byte[]> lastVersions() {
        SortedMap<String, byte[]> all = new TreeMap<>();
        for (Task task : tasks) {
            synchronized (task) {
                all.putAll(task.lastVersions);
            }
        }
        return all;
    }

    /** How many times a state was written to disk (0 when the picture fitted in memory). */
    public synchronized long spilledStates() {
        return spilledStates;
    }

    /** Drops the states spilled to disk; the last versions stay. */
    @Override
    public synchronized void close() {
        if (spilled != null) {
            spilled.close();
            spilled = null;
        }
    }

    private synchronized void spill(String incidentId, IncidentState state) {
        if (spilled == null) {
            spilled = SpilledStates.open(spill.directory());
        }
        byte[] bytes = IncidentStateSerde.toBytes(state);
        spilled.put(incidentId, bytes);
        spilledBytes += bytes.length;
        spilledStates++;
        capacity = Math.max(1, spill.memoryBytes() / Math.max(256, OBJECT_FACTOR * spilledBytes / spilledStates));
    }

    private synchronized IncidentState unspill(String incidentId) {
        byte[] bytes = spilled == null ? null : spilled.get(incidentId);
        return bytes == null ? null : IncidentStateSerde.fromBytes(bytes);
    }

    /** One task's states, least recently used first, and its last versions. */
    private final class Task {

        private final Map<String, byte[]> lastVersions = new HashMap<>();
        private final LinkedHashMap<String, IncidentState> states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, IncidentState> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                spill(eldest.getKey(), eldest.getValue());
                return true;
            }
        };

        Reconciler.Applied apply(NormalizedEdit edit) {
            String id = edit.incidentId();
            IncidentState state = states.get(id);
            if (state == null) {
                state = unspill(id);
                if (state == null) {
                    state = new IncidentState();
                }
                states.put(id, state);
            }
            Reconciler.Applied applied = reconciler.apply(state, Edit.of(edit));
            if (applied.reconciled() != null) {
                lastVersions.put(id, applied.reconciled());
            }
            return applied;
        }
    }
}
