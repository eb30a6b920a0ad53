package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.access.AccessScope;
import io.incidentfeeds.edge.view.Change;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.protocol.Channel;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The sessions of one channel that may see the same incidents and subscribe with the same filters:
 * whatever one of them gets for a change, every one of them gets, so the fan-out decides once per
 * audience and change and hands the one frame to every member. Members are kept per event loop in
 * arrays that are replaced, never changed, so a poll batch handed to an event loop keeps exactly the
 * members it was decided for while sessions come and go. A subscription that skips changes below
 * a position it resumed from is an audience of its own until the view reaches that position; then
 * it joins its shared audience. Used on the reader thread under the live view's lock; only the
 * member arrays go to the event loops.
 */
final class Audience implements Predicate<LiveIncident> {

    /**
     * What decides a change for a session: what it may see ({@link AccessScope#visibilityKey()}:
     * equal keys see the same incidents), its channel, the set of its filters (they act as their
     * union) and, for a subscription that skips changes, the subscription itself.
     */
    record Key(AccessScope.VisibilityKey sight, Channel channel, Set<IncidentFilter> filters, ChannelSubscription alone) {

        static Key of(ChannelSubscription cs) {
            return new Key(cs.subscriber().scope().visibilityKey(), cs.channel(), Set.copyOf(cs.filters()),
                    cs.skipping() ? cs : null);
        }
    }

    /** The members on one event loop; replaced as a whole when one joins or leaves. */
    record OnLoop(EventLoop loop, Subscriber[] members) {
    }

    private final Key key;
    /** The first member's scope: every member's decides the same (their visibility keys are equal). */
    private final AccessScope scope;
    private final List<IncidentFilter> filters;
    private final Set<String> indexAgencies;
    private OnLoop[] loops = new OnLoop[0];

    Audience(Key key, ChannelSubscription first) {
        this.key = key;
        this.scope = first.subscriber().scope();
        this.filters = List.copyOf(key.filters());
        this.indexAgencies = first.indexAgencies();
    }

    Key key() {
        return key;
    }

    Channel channel() {
        return key.channel();
    }

    /** The agencies the index files it under; null when some filter takes any agency. */
    Set<String> indexAgencies() {
        return indexAgencies;
    }

    /** Whether its members have this state of an incident on its channel. */
    @Override
    public boolean test(LiveIncident incident) {
        return ChannelSubscription.selects(scope, key.channel(), filters, incident);
    }

    /** Whether its members already have this change (a subscription resumed ahead of this replica). */
    boolean skips(Change change) {
        return key.alone() != null && key.alone().skips(change);
    }

    OnLoop[] loops() {
        return loops;
    }

    void join(Subscriber s) {
        EventLoop loop = s.outbox().loop();
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].loop() == loop) {
                Subscriber[] members = Arrays.copyOf(loops[i].members(), loops[i].members().length + 1);
                members[members.length - 1] = s;
                loops[i] = new OnLoop(loop, members);
                return;
            }
        }
        OnLoop[] more = Arrays.copyOf(loops, loops.length + 1);
        more[loops.length] = new OnLoop(loop, new Subscriber[] {s});
        loops = more;
    }

    /** Removes a member; returns whether the audience is now empty. */
    boolean leave(Subscriber s) {
        for (int i = 0; i < loops.length; i++) {
            Subscriber[] members = loops[i].members();
            for (int m = 0; m < members.length; m++) {
                if (members[m] == s) {
                    if (members.length == 1) {
                        OnLoop[] fewer = new OnLoop[loops.length - 1];
                        System.arraycopy(loops, 0, fewer, 0, i);
                        System.arraycopy(loops, i + 1, fewer, i, fewer.length - i);
                        loops = fewer;
                    } else {
                        Subscriber[] rest = new Subscriber[members.length - 1];
                        System.arraycopy(members, 0, rest, 0, m);
                        System.arraycopy(members, m + 1, rest, m, rest.length - m);
                        loops[i] = new OnLoop(loops[i].loop(), rest);
                    }
                    return loops.length == 0;
                }
            }
        }
        return loops.length == 0;
    }
}
