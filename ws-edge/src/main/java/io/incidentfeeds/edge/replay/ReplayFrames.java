package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.protocol.ProtocolCodec;
import io.incidentfeeds.schemas.protocol.ReplaySpeed;
import io.incidentfeeds.schemas.protocol.ServerMessage;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.time.Instant;
import java.util.Collection;

/**
 * The replay channel's frames (schemas/README.md, section 7): {@code snapshot} and {@code update}
 * marked with {@code replay} instead of a position, built around the versions' own bytes (they are
 * the history's records, never parsed again to be sent); {@code replay.status} through the contract's codec.
 * Besides the records, only enum spellings and RFC 3339 instants are concatenated: nothing to escape.
 */
final class ReplayFrames {

    private ReplayFrames() {
    }

    static String snapshot(Instant instant, Collection<LiveIncident> features) {
        int size = 200;
        for (LiveIncident f : features) {
            size += f.json().length() + 1;
        }
        StringBuilder sb = new StringBuilder(size)
                .append("{\"type\":\"snapshot\",\"timestamp\":\"").append(Instant.now())
                .append("\",\"channel\":\"").append(Channel.REPLAY.wire())
                .append("\",\"data\":{\"type\":\"FeatureCollection\",\"features\":[");
        boolean first = true;
        for (LiveIncident f : features) {
            if (!first) {
                sb.append(',');
            }
            sb.append(f.json());
            first = false;
        }
        return sb.append("]},\"replay\":{\"instant\":\"").append(instant).append("\"}}").toString();
    }

    /**
     * @param data    the JSON the console gets: the version itself, or for a delete the last state it was entitled to
     * @param version the version being replayed, whose append time and event time mark the frame
     */
    static String update(DiffType diff, String data, LiveIncident version) {
        Instant appended = Instant.ofEpochMilli(version.appendTime());
        StringBuilder sb = new StringBuilder(data.length() + 260)
                .append("{\"type\":\"update\",\"timestamp\":\"").append(Instant.now())
                .append("\",\"channel\":\"").append(Channel.REPLAY.wire())
                .append("\",\"diff_type\":\"").append(diff.wire())
                .append("\",\"data\":").append(data)
                .append(",\"replay\":{\"instant\":\"").append(appended)
                .append("\",\"append_time\":\"").append(appended).append('"');
        if (version.eventTime() != null) {
            sb.append(",\"event_time\":\"").append(version.eventTime()).append('"');
        }
        return sb.append("}}").toString();
    }

    static String status(ServerMessage.ReplayState state, Instant instant, Instant from, Instant to, ReplaySpeed speed,
                         String reason) {
        return ProtocolCodec.encode(new ServerMessage.ReplayStatus(Instant.now(),
                new ServerMessage.ReplayStatusData(state, instant, from, to, speed, reason)));
    }

    static String subscribed(io.incidentfeeds.schemas.protocol.Filters filters) {
        return ProtocolCodec.encode(new ServerMessage.Subscribed(Instant.now(), Channel.REPLAY,
                new ServerMessage.SubscribedData(filters, false)));
    }
}
