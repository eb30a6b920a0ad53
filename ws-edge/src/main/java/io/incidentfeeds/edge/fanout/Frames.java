package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.util.Collection;

/**
 * Builds the two frames that embed already-serialized records, {@code update} and {@code snapshot},
 * by concatenation, so that a record rendered once is never parsed or rendered again per session.
 * Everything concatenated besides the records is an enum's wire name, an RFC 3339 timestamp or a
 * position ({@code v1.0-12.1-7}): none needs JSON escaping. The conformance tests validate the
 * result against ws-server-message.schema.json.
 */
public final class Frames {

    private Frames() {
    }

    public static String update(String timestamp, Channel channel, DiffType diff, String dataJson, String position) {
        return new StringBuilder(dataJson.length() + 160)
                .append("{\"type\":\"update\",\"timestamp\":\"").append(timestamp)
                .append("\",\"channel\":\"").append(channel.wire())
                .append("\",\"diff_type\":\"").append(diff.wire())
                .append("\",\"data\":").append(dataJson)
                .append(",\"position\":\"").append(position).append("\"}")
                .toString();
    }

    public static String snapshot(String timestamp, Channel channel, Collection<String> featuresJson, String position) {
        int size = 160;
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
        return sb.append("]},\"position\":\"").append(position).append("\"}").toString();
    }
}
