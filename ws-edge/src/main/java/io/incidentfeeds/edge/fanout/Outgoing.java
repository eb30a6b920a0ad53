package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.util.function.Supplier;

/** A message waiting in a session's outbox. */
public sealed interface Outgoing {

    /** The message type, for metrics ({@code update}, {@code snapshot}, {@code error}, ...). */
    String type();

    /** Rendered at send time (at most once). */
    String render();

    /** When the change it carries was appended to Kafka (ms), or -1. */
    default long appendTime() {
        return -1;
    }

    /** A WebSocket ping, sent in turn after the frames queued before it. */
    record Ping() implements Outgoing {
        @Override
        public String type() {
            return "ping";
        }

        @Override
        public String render() {
            return null;
        }
    }

    /** A frame that is ready. */
    record Text(String type, String frame) implements Outgoing {
        @Override
        public String render() {
            return frame;
        }
    }

    /** A frame rendered only when it is sent (a snapshot: rendering it may take a while). */
    record Lazy(String type, Supplier<String> frame) implements Outgoing {
        @Override
        public String render() {
            return frame.get();
        }
    }

    /**
     * An update of one incident on one channel: conflatable with a later one for the same incident.
     *
     * @param position the position the frame carries: the change's own, or an earlier one when a
     *                 newer change was conflated into a queued message (the message keeps its place
     *                 in the queue, so positions never run ahead of what was delivered)
     */
    record Update(Channel channel, DiffType diff, SharedUpdate update, String position) implements Outgoing {
        @Override
        public String type() {
            return "update";
        }

        @Override
        public String render() {
            return update.frame(channel, diff, position);
        }

        @Override
        public long appendTime() {
            return update.appendTime();
        }

        Key key() {
            return new Key(channel, update.id());
        }

        /**
         * This queued update followed by {@code later}, as one message; null when together they
         * cancel out (created and deleted before the console saw either).
         */
        Update followedBy(Update later) {
            DiffType merged = switch (diff) {
                case CREATE -> later.diff == DiffType.DELETE ? null : DiffType.CREATE;
                case UPDATE -> later.diff == DiffType.DELETE ? DiffType.DELETE : DiffType.UPDATE;
                case DELETE -> later.diff == DiffType.DELETE ? DiffType.DELETE : DiffType.UPDATE;
            };
            if (channel == Channel.CONFLICTS) {
                merged = later.diff;
            }
            return merged == null ? null : new Update(channel, merged, later.update, position);
        }
    }

    /** Conflation key: one pending update per channel and incident. */
    record Key(Channel channel, String incidentId) {
    }
}
