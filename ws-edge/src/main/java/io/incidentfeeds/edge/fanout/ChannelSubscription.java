package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.access.AccessScope;
import io.incidentfeeds.edge.view.Change;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.edge.view.Position;
import io.incidentfeeds.schemas.protocol.Channel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One console's subscriptions on one channel. Several subscriptions on a channel act as their
 * union: an incident is "in" when the console may see it and any filter selects it (and, on the
 * alerts channel, it is severe or critical). Create, update and delete are decided against that
 * union, before and after each change.
 */
public final class ChannelSubscription {

    private final Subscriber subscriber;
    private final Channel channel;
    private final List<IncidentFilter> filters = new CopyOnWriteArrayList<>();
    /** Offsets per partition below which changes are already known to the console (resumed from a position this replica had not reached). */
    private volatile long[] floor;

    public ChannelSubscription(Subscriber subscriber, Channel channel) {
        this.subscriber = subscriber;
        this.channel = channel;
    }

    public Subscriber subscriber() {
        return subscriber;
    }

    public Channel channel() {
        return channel;
    }

    public List<IncidentFilter> filters() {
        return filters;
    }

    /** Adds a filter, replacing an identical one; returns whether the count of filters grew. */
    public boolean add(IncidentFilter filter) {
        boolean replaced = filters.removeIf(filter::sameAs);
        filters.add(filter);
        return !replaced;
    }

    /**
     * Changes below {@code resumedFrom} on partitions where it is ahead of {@code now} are skipped.
     * Returns whether it is ahead: filed then ({@link Fanout#index}), the fan-out decides for this
     * subscription alone until the view reaches {@code resumedFrom} ({@link #caughtUp}).
     */
    public boolean skipUpTo(Position resumedFrom, Position now) {
        long[] f = resumedFrom.toArray();
        boolean ahead = false;
        for (int p = 0; p < f.length; p++) {
            ahead |= f[p] > now.next(p);
        }
        if (ahead) {
            floor = f;
        }
        return ahead;
    }

    /** Whether it skips changes below a position it resumed from (see {@link #skipUpTo}). */
    boolean skipping() {
        return floor != null;
    }

    /**
     * Stops skipping once the view at {@code now} has read up to the position it resumed from on
     * every partition (no later change can fall below it). Returns whether it just stopped: the
     * fan-out then re-files it with the audience it shares with others.
     */
    boolean caughtUp(Position now) {
        long[] f = floor;
        if (f == null) {
            return false;
        }
        for (int p = 0; p < f.length; p++) {
            if (now.next(p) < f[p]) {
                return false;
            }
        }
        floor = null;
        return true;
    }

    /** The agencies the index files this under; null when some filter takes any agency. */
    Set<String> indexAgencies() {
        Set<String> all = new HashSet<>();
        for (IncidentFilter f : filters) {
            if (f.agencies().isEmpty()) {
                return null;
            }
            all.addAll(f.agencies());
        }
        return all;
    }

    /** Whether the console has this incident on this channel, by the given filter or by any of its filters. */
    public boolean selects(LiveIncident incident, IncidentFilter only) {
        if (only != null) {
            return visible(subscriber.scope(), channel, incident) && only.matches(incident);
        }
        return selects(subscriber.scope(), channel, filters, incident);
    }

    /**
     * Whether a console of this scope, subscribed on this channel with these filters, has the
     * incident: the one rule, for a session, an {@link Audience} of sessions and a replay alike.
     */
    public static boolean selects(AccessScope scope, Channel channel, List<IncidentFilter> filters, LiveIncident incident) {
        if (!visible(scope, channel, incident)) {
            return false;
        }
        for (IncidentFilter f : filters) {
            if (f.matches(incident)) {
                return true;
            }
        }
        return false;
    }

    private static boolean visible(AccessScope scope, Channel channel, LiveIncident incident) {
        if (incident == null || !scope.canSee(incident)) {
            return false;
        }
        if (channel == Channel.ALERTS && !incident.isAlert()) {
            return false;
        }
        return channel != Channel.CONFLICTS || incident.hasConflicts();
    }

    /**
     * Whether a conflict record goes to this console: judged on the incident's live state when the
     * view has it, otherwise (the conflict arrived first) on the agencies whose writes conflict.
     */
    public boolean selectsConflict(LiveIncident incident, List<String> competing) {
        if (incident != null) {
            return subscriber.scope().canSee(incident) && filters.stream().anyMatch(f -> f.matches(incident));
        }
        return subscriber.scope().canSeeConflictAmong(competing) && filters.stream()
                .anyMatch(f -> f.agencies().isEmpty() || competing.stream().anyMatch(f.agencies()::contains));
    }

    boolean skips(Change change) {
        long[] f = floor;
        if (f == null) {
            return false;
        }
        return change.offset() < f[change.partition()];
    }
}
