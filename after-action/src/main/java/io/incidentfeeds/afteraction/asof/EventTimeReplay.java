package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.read.Parallel;
import io.incidentfeeds.afteraction.replay.Picture;
import io.incidentfeeds.afteraction.spill.ExternalSort;
import io.incidentfeeds.afteraction.spill.Spill;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The event-time picture's selection and replay, one incident at a time. The causal past of an edit
 * never crosses incidents and an incident's values depend on its own edits only, so every accepted
 * edit goes to an external sort of its incident's task ({@link ExternalSort}), keyed by incident and
 * then by the order the live task applies them: the edits read in the incident's own partition in
 * offset order, then those read elsewhere (the repartition hop) in order of arrival, then partition and
 * offset. Each task's sort is then read back on a thread of its own, an incident's edits at a time:
 * those stamped at or before the instant are selected with their causal past (transitively), and applied
 * in that order. The edits are stored as {@code NormalizedEditJson} (the processor's repartition hop's
 * form), so nothing is validated or normalized twice. Held at once: the sorts' bound, and one incident's
 * edits per task.
 */
final class EventTimeReplay implements AutoCloseable {

    /** An incident's id ends at this byte in a key (ids are ASCII without it). */
    private static final byte END_OF_ID = 0;
    private static final int ORDER_BYTES = 1 + AsOf.ARRIVAL_BYTES;

    private final Picture picture;
    private final ExternalSort[] sorts;
    private final LongAdder applied = new LongAdder();
    private final LongAdder stamped = new LongAdder();

    /** {@code memory}: what the sorts may hold together before they spill, shared among the tasks. */
    EventTimeReplay(Picture picture, int tasks, Spill memory) {
        this.picture = picture;
        this.sorts = new ExternalSort[tasks];
        Spill share = memory.share(tasks);
        for (int t = 0; t < tasks; t++) {
            sorts[t] = new ExternalSort(share.memoryBytes(), share.directory());
        }
    }

    /** Takes an accepted edit read in raw partition {@code partition} (from any thread). */
    void add(int partition, AsOf.Received received) {
        NormalizedEdit edit = received.edit();
        int task = picture.taskOf(edit.incidentId());
        byte[] id = edit.incidentId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer key = ByteBuffer.allocate(id.length + 1 + ORDER_BYTES).put(id).put(END_OF_ID);
        long offset = edit.source().offset();
        if (task == partition) { // its own partition's, in offset order
            key.put((byte) 0).putLong(offset).putInt(0).putLong(0);
        } else { // after them, in order of arrival
            key.put((byte) 1).putLong(received.appendedAt().toEpochMilli()).putInt(partition).putLong(offset);
        }
        sorts[task].add(received.toBytes(key.array()));
    }

    /** Run files the sorts wrote (0 when every edit fitted in memory). */
    int runs() {
        return Arrays.stream(sorts).mapToInt(ExternalSort::runs).sum();
    }

    /** Selects and applies every task's edits, the tasks on up to {@code threads} threads; {applied, stamped by the instant}. */
    long[] replay(Instant eventTime, int threads, AsOf.Applied listener) {
        Parallel.run("replay", threads, sorts.length, task -> {
            Iterator<byte[]> items = sorts[task].sorted();
            List<AsOf.Received> incident = new ArrayList<>();
            while (items.hasNext()) {
                AsOf.Received next = read(items.next());
                if (!incident.isEmpty() && !incident.get(0).edit().incidentId().equals(next.edit().incidentId())) {
                    replayIncident(incident, eventTime, listener);
                    incident = new ArrayList<>();
                }
                incident.add(next);
            }
            if (!incident.isEmpty()) {
                replayIncident(incident, eventTime, listener);
            }
        });
        return new long[] {applied.sum(), stamped.sum()};
    }

    /** One incident's edits, in the order its task applies them: those stamped by the instant and their causal past, applied. */
    private void replayIncident(List<AsOf.Received> edits, Instant eventTime, AsOf.Applied listener) {
        // agency -> sequence number -> the edits with that dot (a redelivery is a second one)
        Map<String, NavigableMap<Long, List<Integer>>> byAgency = new HashMap<>();
        for (int i = 0; i < edits.size(); i++) {
            Telemetry t = edits.get(i).edit().edit();
            byAgency.computeIfAbsent(t.agencyId(), k -> new TreeMap<>()).computeIfAbsent(t.sequenceNumber(), k -> new ArrayList<>()).add(i);
        }
        boolean[] selected = new boolean[edits.size()];
        Deque<Integer> pending = new ArrayDeque<>();
        for (int i = 0; i < edits.size(); i++) {
            if (!edits.get(i).edit().edit().timestamp().isAfter(eventTime)) {
                selected[i] = true;
                pending.add(i);
            }
        }
        stamped.add(pending.size());
        while (!pending.isEmpty()) { // the causal past, transitively
            Telemetry t = edits.get(pending.poll()).edit().edit();
            t.causalContext().forEach((agency, seen) -> {
                NavigableMap<Long, List<Integer>> dots = byAgency.get(agency);
                if (dots != null) {
                    dots.headMap(seen, true).values().forEach(same -> same.forEach(j -> {
                        if (!selected[j]) {
                            selected[j] = true;
                            pending.add(j);
                        }
                    }));
                }
            });
        }
        for (int i = 0; i < edits.size(); i++) {
            if (selected[i]) {
                AsOf.Received item = edits.get(i);
                applied.increment();
                listener.applied(item.edit(), item.appendedAt(), picture.apply(item.edit()));
            }
        }
        listener.incidentDone(edits.get(0).edit().incidentId());
    }

    @Override
    public void close() {
        for (ExternalSort sort : sorts) {
            sort.close();
        }
    }

    /** An edit read back from a sort. */
    private static AsOf.Received read(byte[] item) {
        int end = 0;
        while (item[end] != END_OF_ID) {
            end++;
        }
        return AsOf.Received.fromBytes(item, end + 1 + ORDER_BYTES);
    }

    /** The consumer {@link AsOf}'s partition reader feeds: {@code add} for the partition read. */
    Consumer<AsOf.Received> sink(int partition) {
        return received -> add(partition, received);
    }
}
