package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.edge.view.Change;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.edge.view.LiveView;
import io.incidentfeeds.edge.view.Position;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import io.incidentfeeds.schemas.protocol.ServerMessage;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one subscription atomically with respect to the live view: with the view's lock held it
 * files the subscription with the fan-out and queues {@code subscribed}, then either the changes
 * since {@code resume_from} or a snapshot. Every change after that position reaches the console
 * exactly once: those before the lock through the resume or snapshot, those after through the
 * fan-out.
 */
public final class SubscriptionStart {

    /** How the subscription started. */
    public enum Outcome { SNAPSHOT, RESUMED, RESUME_UNAVAILABLE, SESSION_CLOSED }

    private final LiveView view;
    private final Fanout fanout;

    public SubscriptionStart(LiveView view, Fanout fanout) {
        this.view = view;
        this.fanout = fanout;
    }

    /**
     * @param resumeFrom the client's resume_from, or null
     */
    public Outcome start(ChannelSubscription cs, IncidentFilter filter, String resumeFrom) {
        return view.read(reader -> {
            if (!cs.subscriber().active()) {
                return Outcome.SESSION_CLOSED;
            }
            cs.add(filter);
            Position now = reader.position();
            Optional<List<Change>> changes = Optional.empty();
            Optional<Position> from = resumeFrom == null ? Optional.empty() : Position.decode(resumeFrom);
            if (from.isPresent() && cs.channel() != Channel.CONFLICTS) {
                changes = reader.changesSince(from.get());
            }
            Outbox outbox = cs.subscriber().outbox();
            // More changes than the outbox holds would close the console as too slow: a snapshot is smaller then.
            boolean tooMany = changes.isPresent() && changes.get().size() > outbox.capacity() / 2;
            if (tooMany) {
                changes = Optional.empty();
            }
            if (changes.isPresent()) {
                // From a position ahead of this view (another replica had read further), it skips the
                // changes it has; filed after this, it decides alone until the view gets there.
                cs.skipUpTo(from.get(), now);
            }
            fanout.index(cs);
            offer(cs, Messages.of(new ServerMessage.Subscribed(Instant.now(), cs.channel(),
                    new ServerMessage.SubscribedData(filter.filters(), changes.isPresent()))));
            if (changes.isPresent()) {
                queueResume(cs, filter, changes.get(), from.get(), now);
                return Outcome.RESUMED;
            }
            if (resumeFrom != null) {
                offer(cs, Messages.error(ErrorCode.RESUME_UNAVAILABLE,
                        tooMany ? "more changed since resume_from than a resume sends; a full snapshot follows"
                                : resumeUnavailableReason(cs.channel(), from.isPresent()),
                        Map.of("position", now.encode())));
            }
            queueSnapshot(cs, filter, reader, now);
            return resumeFrom == null ? Outcome.SNAPSHOT : Outcome.RESUME_UNAVAILABLE;
        });
    }

    private static String resumeUnavailableReason(Channel channel, boolean understood) {
        if (channel == Channel.CONFLICTS) {
            return "the conflicts channel does not resume; a snapshot of the current conflicts follows";
        }
        return understood
                ? "resume_from is older than the changes this edge keeps; a full snapshot follows"
                : "resume_from is not a position of this topic; a full snapshot follows";
    }

    private static void queueSnapshot(ChannelSubscription cs, IncidentFilter filter, LiveView.Reader reader, Position now) {
        List<String> features = new ArrayList<>();
        for (LiveIncident incident : reader.incidents()) {
            if (cs.selects(incident, filter)) {
                features.add(incident.json());
            }
        }
        String position = Frames.position(now.encode());
        Channel channel = cs.channel();
        offer(cs, new Outgoing.Lazy("snapshot", () -> Frames.snapshot(Instant.now().toString(), channel, features, position)));
    }

    /**
     * Queues the net change of every incident changed since {@code from}. All but the last carry
     * {@code from} as their position, the last carries {@code now}: a console cut off half-way
     * resumes from {@code from} again and gets them again, never fewer.
     */
    private static void queueResume(ChannelSubscription cs, IncidentFilter filter, List<Change> changes, Position from, Position now) {
        List<Outgoing.Update> updates = new ArrayList<>();
        for (Change change : changes) {
            DiffType diff = Fanout.diffFor(cs, change, filter);
            if (diff != null) {
                updates.add(new Outgoing.Update(cs.channel(), diff, Fanout.sharedUpdate(change), from.encode()));
            }
        }
        for (int i = 0; i < updates.size(); i++) {
            Outgoing.Update u = updates.get(i);
            String position = i == updates.size() - 1 ? now.encode() : u.position();
            offer(cs, new Outgoing.Update(u.channel(), u.diff(), u.update(), position));
        }
    }

    /** In order with the fan-out's updates: both go through the session's event loop, this one first. */
    private static void offer(ChannelSubscription cs, Outgoing message) {
        cs.subscriber().outbox().send(message);
    }
}
