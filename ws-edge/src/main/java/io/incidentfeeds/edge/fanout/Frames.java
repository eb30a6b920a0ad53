package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.util.Collection;

/**
 * Builds the two frames that embed already-serialized records, {@code update} and {@code snapshot},
 * by concatenation, so that a record rendered once is never parsed or rendered again per session.
 * Live and replayed frames differ only in the members after {@code data}: a live frame's
 * {@code position} ({@link #position}), a replayed frame's {@code replay} marks (built by the replay).
 * Everything concatenated besides the records is an enum's wire name, an RFC 3339 timestamp or a
 * position ({@code v1.0-12.1-7}): none needs JSON escaping. The conformance tests validate the
 * result against ws-server-message.schema.json.
 */
public final class Frames {

    private Frames() {
    }

    /** A live frame's trailing member: {@code "position":"v1.0-12.1-7"}. */
    public static String position(String position) {
        return "\"position\":\"" + position + '"';
    }

    /**
     * @param trailing the members after {@code data}, without the leading comma ({@link #position}, or a replay's marks)
     */
    public static String update(String timestamp, Channel channel, DiffType diff, String dataJson, String trailing) {
        return new StringBuilder(dataJson.length() + trailing.length() + 120)
                .append("{\"type\":\"update\",\"timestamp\":\"").append(timestamp)
                .append("\",\"channel\":\"").append(channel.wire())
                .append("\",\"diff_type\":\"").append(diff.wire())
                .append("\",\"data\":").append(dataJson)
                .append(',').append(trailing).append('}')
                .toString();
    }

    /**
     * @param trailing the members after {@code data}, without the leading comma ({@link #position}, or a replay's marks)
     */
    public static String snapshot(String timestamp, Channel channel, Collection<String> featuresJson, String trailing) {
        int size = trailing.length() + 120;
        for (String f : featuresJson) {
            size += f.length() + 1;
        }
        StringBuilder sb = new StringBuilder(size)
                .append("{\"type\":\"snapshot\",\"timestamp\":\"").append(timestamp)
                .append("\",\"channel\":\"").append(channel.wire())
                .append("\",\"data\":{\"type\":\"FeatureCollection\",\"features\":[");
        boolean first = true;
        for (String f : featuresJson) {
            if (!first) {
                sb.append(',');
            }
            sb.append(f);
            first = false;
        }
        return sb.append("]},").append(trailing).append('}').toString();
    }
}
