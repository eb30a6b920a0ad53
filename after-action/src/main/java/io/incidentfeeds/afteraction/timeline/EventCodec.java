package io.incidentfeeds.afteraction.timeline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link Event} as bytes for {@link io.incidentfeeds.afteraction.spill.ExternalSort}: first its
 * place in {@link Event#ORDER} (append time, kind, partition, offset, big-endian with the sign bit
 * flipped, so the bytes compare as the order does), then every field as its reading made it: the
 * columns as text, the geometry's and the record's JSON as bytes, each behind its length (-1: null).
 * Decoding parses no JSON.
 */
final class EventCodec {

    private static final int PLACE = 8 + 1 + 4 + 8;

    private EventCodec() {
    }

    static byte[] encode(Event e) {
        byte[][] texts = {
            utf8(e.topic()), utf8(e.incidentId()), utf8(e.agency()), utf8(e.mqttTopic()), utf8(e.incidentType()), utf8(e.timestamp()),
            utf8(e.diffType()), utf8(e.status()), utf8(e.severity()), utf8(e.field()), utf8(e.reason()), utf8(e.detail()),
            e.geometry(), e.record()};
        byte[][] agencies = new byte[e.agencies().size()][];
        int size = PLACE + 1 + 8 + 4 + 8 * e.bbox().size() + 4;
        for (byte[] t : texts) {
            size += 4 + (t == null ? 0 : t.length);
        }
        for (int i = 0; i < agencies.length; i++) {
            agencies[i] = utf8(e.agencies().get(i));
            size += 4 + agencies[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(e.appendTime() ^ Long.MIN_VALUE);
        out.put((byte) e.kind().ordinal());
        out.putInt(e.partition() ^ Integer.MIN_VALUE);
        out.putLong(e.offset() ^ Long.MIN_VALUE);
        out.put((byte) (e.versionNumber() == null ? 0 : 1));
        out.putLong(e.versionNumber() == null ? 0 : e.versionNumber());
        out.putInt(e.bbox().size());
        for (double d : e.bbox()) {
            out.putDouble(d);
        }
        for (byte[] t : texts) {
            put(out, t);
        }
        out.putInt(agencies.length);
        for (byte[] a : agencies) {
            put(out, a);
        }
        return out.array();
    }

    static Event decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        long appendTime = in.getLong() ^ Long.MIN_VALUE;
        Event.Kind kind = Event.Kind.values()[in.get()];
        int partition = in.getInt() ^ Integer.MIN_VALUE;
        long offset = in.getLong() ^ Long.MIN_VALUE;
        boolean numbered = in.get() != 0;
        long number = in.getLong();
        Double[] bbox = new Double[in.getInt()];
        for (int i = 0; i < bbox.length; i++) {
            bbox[i] = in.getDouble();
        }
        String topic = text(in);
        String incidentId = text(in);
        String agency = text(in);
        String mqttTopic = text(in);
        String incidentType = text(in);
        String timestamp = text(in);
        String diffType = text(in);
        String status = text(in);
        String severity = text(in);
        String field = text(in);
        String reason = text(in);
        String detail = text(in);
        byte[] geometry = bytes(in);
        byte[] record = bytes(in);
        String[] agencies = new String[in.getInt()];
        for (int i = 0; i < agencies.length; i++) {
            agencies[i] = text(in);
        }
        return new Event(appendTime, kind, topic, partition, offset, incidentId, agency, mqttTopic, incidentType, timestamp,
                numbered ? number : null, diffType, status, severity, field, reason, detail, geometry, List.of(bbox), record,
                List.of(agencies));
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ByteBuffer out, byte[] b) {
        if (b == null) {
            out.putInt(-1);
        } else {
            out.putInt(b.length);
            out.put(b);
        }
    }

    private static String text(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    private static byte[] bytes(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        byte[] b = Arrays.copyOfRange(in.array(), in.position(), in.position() + n);
        in.position(in.position() + n);
        return b;
    }
}
