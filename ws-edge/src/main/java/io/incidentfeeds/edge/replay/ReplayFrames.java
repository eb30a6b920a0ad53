package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.fanout.Frames;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.protocol.ProtocolCodec;
import io.incidentfeeds.schemas.protocol.ReplaySpeed;
import io.incidentfeeds.schemas.protocol.ServerMessage;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The replay channel's frames (schemas/README.md, section 7): {@code snapshot} and {@code update}
 * as the live ones ({@link Frames}, around the versions' own bytes: the history's records, never
 * parsed again to be sent), marked with {@code replay} instead of a position; {@code replay.status}
 * through the contract's codec. The marks are RFC 3339 instants only: nothing to escape.
 */
final class ReplayFrames {

    private ReplayFrames() {
    }

    static String snapshot(Instant instant, Collection<LiveIncident> features) {
        List<String> json = new ArrayList<>(features.size());
        for (LiveIncident f : features) {
            json.add(f.json());
        }
        return Frames.snapshot(Instant.now().toString(), Channel.REPLAY, json, "\"replay\":{\"instant\":\"" + instant + "\"}");
    }

    /**
     * @param data    the JSON the console gets: the version itself, or for a delete the last state it was entitled to
     * @param version the version being replayed, whose append time and event time mark the frame
     */
    static String update(DiffType diff, String data, LiveIncident version) {
        Instant appended = Instant.ofEpochMilli(version.appendTime());
        StringBuilder marks = new StringBuilder(120)
                .append("\"replay\":{\"instant\":\"").append(appended)
                .append("\",\"append_time\":\"").append(appended).append('"');
        if (version.eventTime() != null) {
            marks.append(",\"event_time\":\"").append(version.eventTime()).append('"');
        }
        return Frames.update(Instant.now().toString(), Channel.REPLAY, diff, data, marks.append('}').toString());
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
