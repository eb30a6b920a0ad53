package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.edge.view.Change;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.edge.view.Position;
import io.incidentfeeds.edge.view.ViewListener;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.edge.metrics.EdgeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns each change of the live view into the update each console should get, per update rather
 * than per frame. Subscriptions are indexed by the agencies their filters name, so a change is
 * tested only against the subscriptions that could select it (and those that take any agency).
 * For each change the receivers are decided once and its frame is encoded once per channel and
 * diff type as a whole WebSocket frame, header included, into one direct buffer ({@link WireFrame});
 * the receivers are grouped by their channel's event loop, and when the poll batch has been
 * applied ({@link #afterChanges()}) each event loop gets one task that writes the shared buffers
 * to its sessions, below their WebSocket encoder, and flushes each of their channels once
 * ({@link LoopBatch}). Every method except {@link #afterChanges()} runs with the live view's lock
 * held: the index and a subscription's snapshot can never disagree about which changes it has seen.
 */
public final class Fanout implements ViewListener {

    private static final int FRAME_KINDS = Channel.values().length * DiffType.values().length;

    private final Map<String, Set<ChannelSubscription>> byAgency = new HashMap<>();
    private final Set<ChannelSubscription> anyAgency = newIdentitySet();
    private final Set<ChannelSubscription> conflictSubscriptions = newIdentitySet();
    private final Map<ChannelSubscription, Set<String>> filedUnder = new IdentityHashMap<>();
    /** The current change's candidates: the filed sets it concerns, and their union when there are several. */
    private final List<Set<ChannelSubscription>> sources = new ArrayList<>();
    private final Set<ChannelSubscription> candidates = newIdentitySet();
    private final EdgeMetrics metrics;
    /** This poll batch's deliveries per event loop, and the buffers encoded for it (reader thread only). */
    private final Map<EventLoop, LoopBatch> batches = new IdentityHashMap<>();
    private List<ByteBuf> encoded = new ArrayList<>();
    /** The current change's frame per channel and diff type, encoded on first use. */
    private final ByteBuf[] frames = new ByteBuf[FRAME_KINDS];

    public Fanout(EdgeMetrics metrics) {
        this.metrics = metrics;
    }

    /** (Re-)files a subscription after its filters changed. */
    public void index(ChannelSubscription cs) {
        unindex(cs);
        if (cs.channel() == Channel.CONFLICTS) {
            conflictSubscriptions.add(cs);
            filedUnder.put(cs, Set.of());
            return;
        }
        Set<String> agencies = cs.indexAgencies();
        if (agencies == null) {
            anyAgency.add(cs);
            filedUnder.put(cs, Set.of());
        } else {
            for (String a : agencies) {
                byAgency.computeIfAbsent(a, k -> newIdentitySet()).add(cs);
            }
            filedUnder.put(cs, agencies);
        }
    }

    public void unindex(ChannelSubscription cs) {
        Set<String> agencies = filedUnder.remove(cs);
        if (agencies == null) {
            return;
        }
        anyAgency.remove(cs);
        conflictSubscriptions.remove(cs);
        for (String a : agencies) {
            Set<ChannelSubscription> set = byAgency.get(a);
            if (set != null && set.remove(cs) && set.isEmpty()) {
                byAgency.remove(a);
            }
        }
    }

    /** Channel subscriptions currently filed (for metrics). */
    public int size() {
        return filedUnder.size();
    }

    @Override
    public void onChanges(List<Change> changes) {
        for (Change change : changes) {
            Iterable<ChannelSubscription> receivers = candidates(change);
            SharedUpdate shared = null;
            Arrays.fill(frames, null);
            for (ChannelSubscription cs : receivers) {
                if (cs.skips(change) || !cs.subscriber().active()) {
                    continue;
                }
                DiffType diff = diffFor(cs, change, null);
                if (diff != null) {
                    if (shared == null) {
                        shared = sharedUpdate(change);
                    }
                    Outbox outbox = cs.subscriber().outbox();
                    LoopBatch batch = batches.get(outbox.loop());
                    if (batch == null) {
                        batch = new LoopBatch(outbox.loop(), metrics);
                        batches.put(outbox.loop(), batch);
                    }
                    batch.add(outbox, shared, cs.channel(), diff, frame(shared, cs.channel(), diff));
                }
            }
            candidates.clear();
        }
    }

    /** Hands each event loop its part of the batch, outside the view's lock. */
    @Override
    public void afterChanges() {
        if (batches.isEmpty()) {
            return;
        }
        LoopBatch.Encoded release = new LoopBatch.Encoded(encoded, batches.size());
        for (LoopBatch batch : batches.values()) {
            batch.start(release);
        }
        batches.clear();
        encoded = new ArrayList<>();
    }

    /** The change's update frame for a channel and diff type, encoded once as a whole WebSocket frame. */
    private ByteBuf frame(SharedUpdate shared, Channel channel, DiffType diff) {
        int kind = channel.ordinal() * DiffType.values().length + diff.ordinal();
        ByteBuf frame = frames[kind];
        if (frame == null) {
            frame = WireFrame.text(shared.frame(channel, diff));
            frames[kind] = frame;
            encoded.add(frame);
        }
        return frame;
    }

    /**
     * Sends a conflict record to the consoles on the conflicts channel that may see it.
     *
     * @param incident  the incident's live state, null when the view does not have it
     * @param competing the agencies whose writes conflict
     */
    public void offerConflict(String incidentId, String json, LiveIncident incident,
                              List<String> competing, Position now, long appendTime) {
        SharedUpdate shared = new SharedUpdate(incidentId, json, json, now.encode(), appendTime);
        for (ChannelSubscription cs : conflictSubscriptions) {
            if (cs.selectsConflict(incident, competing)) {
                offer(cs.subscriber(), new Outgoing.Update(Channel.CONFLICTS, DiffType.CREATE, shared, shared.position()));
            }
        }
    }

    /**
     * What a console on this subscription gets for a change ({@link #diffFor(Change, Predicate)});
     * {@code only} restricts the test to one filter (a new subscription's resume), null means the
     * channel's union.
     */
    static DiffType diffFor(ChannelSubscription cs, Change change, IncidentFilter only) {
        return diffFor(change, state -> cs.selects(state, only));
    }

    /**
     * What a reader who has {@code selected} incidents gets for a change: create when the incident
     * comes into its selection, update while it stays in, delete when it leaves (or is deleted);
     * null when it is out both before and after.
     */
    public static DiffType diffFor(Change change, Predicate<LiveIncident> selected) {
        boolean before = change.before() != null && selected.test(change.before());
        if (change.before() == null && change.after() != null && change.after().deleted()) {
            // A delete of a state this view never saw live: announce it to whoever could have seen it.
            before = selected.test(change.after());
        }
        boolean after = change.liveState() != null && selected.test(change.liveState());
        if (before && after) {
            return DiffType.UPDATE;
        }
        if (after) {
            return DiffType.CREATE;
        }
        return before ? DiffType.DELETE : null;
    }

    /**
     * The change rendered once for every console: create and update carry the new state; delete
     * carries the last state the console could see, never a newer one it may no longer be entitled to.
     */
    static SharedUpdate sharedUpdate(Change change) {
        LiveIncident upsert = change.liveState();
        LiveIncident last = change.before() != null ? change.before() : change.after();
        return new SharedUpdate(change.incidentId(),
                upsert == null ? null : upsert.json(),
                last == null ? null : last.json(),
                change.position().encode(),
                change.after() != null ? change.after().appendTime() : -1);
    }

    private static void offer(Subscriber s, Outgoing message) {
        if (s.active()) {
            s.outbox().send(message);
        }
    }

    /**
     * The subscriptions a change could concern: those taking any agency and those filed under an
     * agency of its state before or after. When these are all one filed set (the usual change, of
     * one agency's incident), that set itself, not a copy of it made per change.
     */
    private Iterable<ChannelSubscription> candidates(Change change) {
        sources.clear();
        addSource(anyAgency);
        addFiledUnder(change.before());
        addFiledUnder(change.after());
        if (sources.size() == 1) {
            return sources.get(0);
        }
        for (Set<ChannelSubscription> set : sources) {
            candidates.addAll(set);
        }
        return candidates;
    }

    private void addFiledUnder(LiveIncident state) {
        if (state == null) {
            return;
        }
        for (String agency : state.agencies()) {
            Set<ChannelSubscription> set = byAgency.get(agency);
            if (set != null) {
                addSource(set);
            }
        }
    }

    private void addSource(Set<ChannelSubscription> set) {
        if (set.isEmpty()) {
            return;
        }
        for (Set<ChannelSubscription> s : sources) {
            if (s == set) {
                return;
            }
        }
        sources.add(set);
    }

    private static <T> Set<T> newIdentitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
