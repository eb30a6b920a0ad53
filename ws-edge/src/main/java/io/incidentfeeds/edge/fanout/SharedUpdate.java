package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.time.Instant;

/**
 * One change as every session receives it: the record's JSON and the position are rendered once,
 * and each {@code update} frame (per channel and diff type, at most nine) is built once, on first
 * use, and then shared by every session that gets it. Thread-safe: a frame built twice by a race is
 * the same text.
 *
 * @see Frames
 */
public final class SharedUpdate {

    private final String id;
    private final String upsertData;
    private final String deleteData;
    private final String position;
    private final long appendTime;
    private final String timestamp = Instant.now().toString();
    private final String[] frames = new String[Channel.values().length * DiffType.values().length];

    /**
     * @param id         incident id (the conflation key)
     * @param upsertData JSON sent with create and update: the new state
     * @param deleteData JSON sent with delete: the last state the console was entitled to
     * @param position   the position after this change
     * @param appendTime when the record was appended to Kafka (ms), for the latency metric
     */
    public SharedUpdate(String id, String upsertData, String deleteData, String position, long appendTime) {
        this.id = id;
        this.upsertData = upsertData;
        this.deleteData = deleteData;
        this.position = position;
        this.appendTime = appendTime;
    }

    public String id() {
        return id;
    }

    public String position() {
        return position;
    }

    public long appendTime() {
        return appendTime;
    }

    /** The update frame for this change, with its own position. */
    public String frame(Channel channel, DiffType diff) {
        int slot = channel.ordinal() * DiffType.values().length + diff.ordinal();
        String frame = frames[slot];
        if (frame == null) {
            frame = Frames.update(timestamp, channel, diff, diff == DiffType.DELETE ? deleteData : upsertData,
                    Frames.position(position));
            frames[slot] = frame;
        }
        return frame;
    }

    /** The update frame carrying an earlier position (a conflated message keeps its place in the queue). */
    public String frame(Channel channel, DiffType diff, String atPosition) {
        if (atPosition.equals(position)) {
            return frame(channel, diff);
        }
        return Frames.update(Instant.now().toString(), channel, diff, diff == DiffType.DELETE ? deleteData : upsertData,
                Frames.position(atPosition));
    }
}
