package io.incidentfeeds.afteraction.replay;

import io.incidentfeeds.afteraction.spill.Spill;
import io.incidentfeeds.afteraction.spill.SpilledStates;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.Edit;
import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.reconcile.Reconciler;
import io.incidentfeeds.processing.state.IncidentStateSerde;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reconciliation over edits, as the live processor's stores hold it: each incident's state, and the
 * last version it emitted (the bytes a console was sent). Edits of an incident must be applied in the
 * order its raw partition holds them for the versions to be those the processor wrote; the values do
 * not depend on the order. It starts empty, or from checkpoints ({@link #seed}).
 *
 * <p>Split as the live processor splits it, by task: an incident belongs to the task of the raw
 * partition its id is hashed to ({@link RawRecordKey#partitionOf}, the processor's own placement). Each
 * task's part is guarded on its own, so the tasks can be replayed by parallel threads. Past the memory
 * bound, the incidents used least recently are spilled to RocksDB ({@link SpilledStates}): the state in
 * {@link IncidentStateSerde}'s form (the processor's store's) and the last version beside it, read back
 * together when an edit needs them. {@link #versions()} gives the last versions in incident id order,
 * from memory or from RocksDB: nothing held grows with the incidents.
 */
public final class Picture implements AutoCloseable {

    /** An incident's estimated size in memory before any was measured; then six times its state's bytes plus its version's. */
    static final int FIRST_ESTIMATE = 4096;
    static final int OBJECT_FACTOR = 6;

    private final Reconciler reconciler = new Reconciler();
    private final Task[] tasks;
    private final Spill spill;
    private SpilledStates spilled;
    private long spilledBytes;
    private long spilledStates;
    private long incidents;
    private volatile boolean finished;
    /** How many incidents a task may hold: its share of the memory over an incident's estimated size; read on every put, so no lock. */
    private volatile long capacity;

    /** One task, everything in memory. */
    public Picture() {
        this(1, Spill.unbounded());
    }

    /** {@code tasks}: the raw topic's partitions; {@code spill}: the memory the incidents may take before they spill, and where. */
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
            Held held = task.held(incidentId);
            held.state = state;
            task.version(held, lastVersion);
        }
    }

    /** Incidents with a version (deleted ones included). */
    public synchronized long incidents() {
        return incidents;
    }

    /**
     * Incident id -> its last emitted version (JSON bytes of incidents.reconciled), in id order; no more
     * edits may be applied. Each call iterates anew; valid until {@link #close()}.
     */
    public Iterator<Map.Entry<String, byte[]>> versions() {
        finish();
        if (spilled != null) {
            return spilled.versions();
        }
        TreeMap<String, byte[]> all = new TreeMap<>(); // nothing spilled: every incident fitted in memory
        for (Task task : tasks) {
            synchronized (task) {
                task.entries.forEach((id, held) -> {
                    if (held.version != null) {
                        all.put(id, held.version);
                    }
                });
            }
        }
        return all.entrySet().iterator();
    }

    /** When some incidents spilled: the others' versions written beside theirs, and the memory given back. */
    private synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (spilled == null) {
            return;
        }
        for (Task task : tasks) {
            synchronized (task) {
                task.entries.forEach((id, held) -> {
                    if (held.version != null) {
                        spilled.putVersion(id, held.version);
                    }
                });
                task.entries.clear();
            }
        }
    }

    /** How many times an incident was written to disk (0 when the picture fitted in memory). */
    public synchronized long spilledStates() {
        return spilledStates;
    }

    /** Drops what was spilled to disk. */
    @Override
    public synchronized void close() {
        if (spilled != null) {
            spilled.close();
            spilled = null;
        }
    }

    private synchronized void spill(String incidentId, Held held) {
        if (spilled == null) {
            spilled = SpilledStates.open(spill.directory());
        }
        byte[] bytes = IncidentStateSerde.toBytes(held.state);
        spilled.put(incidentId, bytes, held.version);
        spilledBytes += OBJECT_FACTOR * bytes.length + (held.version == null ? 0 : held.version.length);
        spilledStates++;
        capacity = Math.max(1, spill.memoryBytes() / Math.max(256, spilledBytes / spilledStates));
    }

    /** An incident read back from disk; null when it was never spilled. */
    private synchronized Held unspill(String incidentId) {
        byte[] state = spilled == null ? null : spilled.state(incidentId);
        if (state == null) {
            return null;
        }
        Held held = new Held();
        held.state = IncidentStateSerde.fromBytes(state);
        held.version = spilled.version(incidentId);
        return held;
    }

    private synchronized void counted() {
        incidents++;
    }

    /** An incident in memory: its state, and its last version (null before it emits one). */
    private static final class Held {
        IncidentState state;
        byte[] version;
    }

    /** One task's incidents, least recently used first. */
    private final class Task {

        private final LinkedHashMap<String, Held> entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                spill(eldest.getKey(), eldest.getValue());
                return true;
            }
        };

        /** The incident in memory, read back from disk or new. */
        Held held(String id) {
            Held held = entries.get(id);
            if (held == null) {
                held = unspill(id);
                if (held == null) {
                    held = new Held();
                    held.state = new IncidentState();
                }
                entries.put(id, held);
            }
            return held;
        }

        void version(Held held, byte[] version) {
            if (version != null) {
                if (held.version == null) {
                    counted();
                }
                held.version = version;
            }
        }

        Reconciler.Applied apply(NormalizedEdit edit) {
            Held held = held(edit.incidentId());
            Reconciler.Applied applied = reconciler.apply(held.state, Edit.of(edit));
            version(held, applied.reconciled());
            return applied;
        }
    }
}
