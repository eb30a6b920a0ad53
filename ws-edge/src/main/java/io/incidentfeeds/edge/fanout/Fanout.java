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
 * than per frame. Sessions are grouped into {@link Audience}s (same sight, channel and filters),
 * and audiences are indexed by the agencies their filters name, so a change is decided once per
 * audience that could select it (and those that take any agency), never per session. For each
 * change its frame is encoded once per channel and diff type as a whole WebSocket frame, header
 * included, into one direct buffer ({@link WireFrame}); each deciding audience hands that frame with
 * its members of each event loop to that loop's {@link LoopBatch}, and when the poll batch has
 * been applied ({@link #afterChanges()}) each event loop gets one task that writes the shared
 * buffers to its sessions, below their WebSocket encoder, and flushes each of their channels once.
 * Every method except {@link #afterChanges()} runs with the live view's lock held: the index and a
 * subscription's snapshot can never disagree about which changes it has seen.
 */
public final class Fanout implements ViewListener {

    private static final int FRAME_KINDS = Channel.values().length * DiffType.values().length;

    private final Map<Audience.Key, Audience> audiences = new HashMap<>();
    private final Map<ChannelSubscription, Audience> audienceOf = new IdentityHashMap<>();
    private final Map<String, Set<Audience>> byAgency = new HashMap<>();
    private final Set<Audience> anyAgency = newIdentitySet();
    private final Set<ChannelSubscription> conflictSubscriptions = newIdentitySet();
    /** Subscriptions resumed from a position ahead of the view, deciding alone until it gets there. */
    private final Set<ChannelSubscription> resumedAhead = newIdentitySet();
    /** The current change's candidates: the filed sets it concerns, and their union when there are several. */
    private final List<Set<Audience>> sources = new ArrayList<>();
    private final Set<Audience> candidates = newIdentitySet();
    private final EdgeMetrics metrics;
    /** This poll batch's deliveries per event loop, and the buffers encoded for it (reader thread only). */
    private final Map<EventLoop, LoopBatch> batches = new IdentityHashMap<>();
    private List<ByteBuf> encoded = new ArrayList<>();
    /** The current change's frame per channel and diff type, encoded on first use. */
    private final ByteBuf[] frames = new ByteBuf[FRAME_KINDS];

    public Fanout(EdgeMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * (Re-)files a subscription after its filters changed: with the audience of its sight, channel and
     * filters, or alone while it skips changes below a position it resumed from (it joins that
     * audience once the view reaches the position).
     */
    public void index(ChannelSubscription cs) {
        unindex(cs);
        if (cs.channel() == Channel.CONFLICTS) {
            conflictSubscriptions.add(cs);
            return;
        }
        if (cs.skipping()) {
            resumedAhead.add(cs);
        }
        Audience.Key key = Audience.Key.of(cs);
        Audience audience = audiences.get(key);
        if (audience == null) {
            audience = new Audience(key, cs);
            audiences.put(key, audience);
            Set<String> agencies = audience.indexAgencies();
            if (agencies == null) {
                anyAgency.add(audience);
            } else {
                for (String a : agencies) {
                    byAgency.computeIfAbsent(a, k -> newIdentitySet()).add(audience);
                }
            }
        }
        audience.join(cs.subscriber());
        audienceOf.put(cs, audience);
    }

    public void unindex(ChannelSubscription cs) {
        if (conflictSubscriptions.remove(cs)) {
            return;
        }
        resumedAhead.remove(cs);
        Audience audience = audienceOf.remove(cs);
        if (audience == null || !audience.leave(cs.subscriber())) {
            return;
        }
        audiences.remove(audience.key());
        Set<String> agencies = audience.indexAgencies();
        if (agencies == null) {
            anyAgency.remove(audience);
            return;
        }
        for (String a : agencies) {
            Set<Audience> set = byAgency.get(a);
            if (set != null && set.remove(audience) && set.isEmpty()) {
                byAgency.remove(a);
            }
        }
    }

    /** Channel subscriptions currently filed (for metrics). */
    public int size() {
        return audienceOf.size() + conflictSubscriptions.size();
    }

    /** Audiences currently filed: the decisions made per change at most. */
    int audiences() {
        return audiences.size();
    }

    @Override
    public void onChanges(List<Change> changes) {
        for (Change change : changes) {
            Iterable<Audience> receivers = candidates(change);
            SharedUpdate shared = null;
            Arrays.fill(frames, null);
            for (Audience audience : receivers) {
                if (audience.skips(change)) {
                    continue;
                }
                DiffType diff = diffFor(change, audience);
                if (diff == null) {
                    continue;
                }
                if (shared == null) {
                    shared = sharedUpdate(change);
                }
                ByteBuf frame = frame(shared, audience.channel(), diff);
                for (Audience.OnLoop on : audience.loops()) {
                    LoopBatch batch = batches.get(on.loop());
                    if (batch == null) {
                        batch = new LoopBatch(on.loop(), metrics);
                        batches.put(on.loop(), batch);
                    }
                    batch.add(on.members(), shared, audience.channel(), diff, frame);
                }
            }
            candidates.clear();
        }
        if (!resumedAhead.isEmpty() && !changes.isEmpty()) {
            rejoin(changes.get(changes.size() - 1).position());
        }
    }

    /** Files with their shared audiences the subscriptions resumed ahead that the view has caught up with. */
    private void rejoin(Position now) {
        for (ChannelSubscription cs : List.copyOf(resumedAhead)) {
            if (cs.caughtUp(now)) {
                index(cs);
            }
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
     * The audiences a change could concern: those taking any agency and those filed under an
     * agency of its state before or after. When these are all one filed set (the usual change, of
     * one agency's incident), that set itself, not a copy of it made per change.
     */
    private Iterable<Audience> candidates(Change change) {
        sources.clear();
        addSource(anyAgency);
        addFiledUnder(change.before());
        addFiledUnder(change.after());
        if (sources.size() == 1) {
            return sources.get(0);
        }
        for (Set<Audience> set : sources) {
            candidates.addAll(set);
        }
        return candidates;
    }

    private void addFiledUnder(LiveIncident state) {
        if (state == null) {
            return;
        }
        for (String agency : state.agencies()) {
            Set<Audience> set = byAgency.get(agency);
            if (set != null) {
                addSource(set);
            }
        }
    }

    private void addSource(Set<Audience> set) {
        if (set.isEmpty()) {
            return;
        }
        for (Set<Audience> s : sources) {
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
