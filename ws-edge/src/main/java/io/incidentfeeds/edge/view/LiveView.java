package io.incidentfeeds.edge.view;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The live incidents, rebuilt from incidents.reconciled on every start: the latest state of each
 * incident that is not deleted, the position that state corresponds to, and per partition a bounded
 * log of recent changes for resume. One reader thread writes; sessions and HTTP requests read
 * through {@link #read(Function)}, which holds the same lock, so a snapshot and the registration
 * of a subscription happen between two batches, never inside one.
 */
public final class LiveView {

    private final int changeLogCapacity;
    private final Map<String, LiveIncident> live = new HashMap<>();
    private final List<ViewListener> listeners = new ArrayList<>();
    private long[] next;
    private ChangeLog[] logs;

    public LiveView(int changeLogCapacity) {
        this.changeLogCapacity = changeLogCapacity;
    }

    public void addListener(ViewListener listener) {
        synchronized (this) {
            listeners.add(listener);
        }
    }

    /** Starts the view at the beginning offsets of the topic's partitions. */
    public void initialize(long[] beginningOffsets) {
        synchronized (this) {
            live.clear();
            next = beginningOffsets.clone();
            logs = new ChangeLog[next.length];
            for (int p = 0; p < next.length; p++) {
                logs[p] = new ChangeLog(changeLogCapacity, beginningOffsets[p]);
            }
        }
    }

    /** A record of the topic, as the reader hands it over. {@code state} null: a tombstone or a value that is not a reconciled incident. */
    public record Input(String key, int partition, long offset, LiveIncident state) {
    }

    /** Applies records in topic order and tells the listeners. */
    public void apply(List<Input> records) {
        List<ViewListener> toNotify;
        synchronized (this) {
            List<Change> changes = new ArrayList<>(records.size());
            for (Input in : records) {
                Change change = applyOne(in);
                if (change != null) {
                    changes.add(change);
                }
            }
            toNotify = List.copyOf(listeners);
            if (!changes.isEmpty()) {
                for (ViewListener listener : toNotify) {
                    listener.onChanges(changes);
                }
            }
        }
        for (ViewListener listener : toNotify) {
            listener.afterChanges();
        }
    }

    /** Moves the position past offsets that held no record (compaction gaps, transaction markers). */
    public void advanceTo(int partition, long nextOffset) {
        synchronized (this) {
            if (nextOffset > next[partition]) {
                next[partition] = nextOffset;
            }
        }
    }

    private Change applyOne(Input in) {
        next[in.partition()] = Math.max(next[in.partition()], in.offset() + 1);
        if (in.key() == null) {
            return null;
        }
        LiveIncident before = live.get(in.key());
        LiveIncident after = in.state();
        if (after == null && before == null) {
            return null;
        }
        if (after == null || after.deleted()) {
            live.remove(in.key());
        } else {
            live.put(in.key(), after);
        }
        Change change = new Change(in.key(), in.partition(), in.offset(), before, after, new Position(next));
        logs[in.partition()].add(in.offset(), change);
        return change;
    }

    /** Runs {@code reader} with the view's lock held (keep it short). */
    public <T> T read(Function<Reader, T> reader) {
        synchronized (this) {
            if (next == null) {
                throw new IllegalStateException("the live view has not started");
            }
            return reader.apply(new Reader());
        }
    }

    public boolean started() {
        synchronized (this) {
            return next != null;
        }
    }

    /** What a reader may look at while it holds the lock. */
    public final class Reader {

        private Reader() {
        }

        public Collection<LiveIncident> incidents() {
            return live.values();
        }

        public LiveIncident get(String id) {
            return live.get(id);
        }

        public Position position() {
            return new Position(next);
        }

        public int liveCount() {
            return live.size();
        }

        /**
         * The net change of every incident changed since {@code from}, one per incident, with the
         * state before the first change and after the last; empty when some of those changes are
         * no longer in the change log or the position is for another partitioning. A partition on
         * which {@code from} is ahead of this replica contributes nothing (the caller skips those
         * offsets when they arrive).
         */
        public Optional<List<Change>> changesSince(Position from) {
            if (from.partitions() != next.length) {
                return Optional.empty();
            }
            Map<String, Change> net = new LinkedHashMap<>();
            Position now = new Position(next);
            for (int p = 0; p < next.length; p++) {
                if (from.next(p) >= next[p]) {
                    continue;
                }
                if (!logs[p].covers(from.next(p))) {
                    return Optional.empty();
                }
                for (Change c : logs[p].since(from.next(p))) {
                    net.merge(c.incidentId(), c, (first, later) -> new Change(first.incidentId(),
                            later.partition(), later.offset(), first.before(), later.after(), later.position()));
                }
            }
            return Optional.of(List.copyOf(net.values()));
        }
    }
}
