package io.incidentfeeds.afteraction.timeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Event} as bytes for {@link io.incidentfeeds.afteraction.spill.ExternalSort}: first its
 * place in {@link Event#ORDER} (append time, kind, partition, offset, big-endian with the sign bit
 * flipped, so the bytes compare as the order does), then every field as its reading made it: the
 * columns as text, the geometry's and the record's JSON as bytes. Decoding parses no JSON.
 */
final class EventCodec {

    private EventCodec() {
    }

    static byte[] encode(Event e) {
        int size = 160 + length(e.record()) + length(e.geometry()) + length(e.detail()) + 8 * e.bbox().size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(e.appendTime() ^ Long.MIN_VALUE);
            out.writeByte(e.kind().ordinal());
            out.writeInt(e.partition() ^ Integer.MIN_VALUE);
            out.writeLong(e.offset() ^ Long.MIN_VALUE);
            writeString(out, e.topic());
            writeString(out, e.incidentId());
            writeString(out, e.agency());
            writeString(out, e.mqttTopic());
            writeString(out, e.incidentType());
            writeString(out, e.timestamp());
            out.writeBoolean(e.versionNumber() != null);
            out.writeLong(e.versionNumber() == null ? 0 : e.versionNumber());
            writeString(out, e.diffType());
            writeString(out, e.status());
            writeString(out, e.severity());
            writeString(out, e.field());
            writeString(out, e.reason());
            writeString(out, e.detail());
            writeBytes(out, e.geometry());
            out.writeInt(e.bbox().size());
            for (double d : e.bbox()) {
                out.writeDouble(d);
            }
            writeBytes(out, e.record());
            out.writeInt(e.agencies().size());
            for (String agency : e.agencies()) {
                writeString(out, agency);
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return bytes.toByteArray();
    }

    static Event decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            long appendTime = in.readLong() ^ Long.MIN_VALUE;
            Event.Kind kind = Event.Kind.values()[in.readByte()];
            int partition = in.readInt() ^ Integer.MIN_VALUE;
            long offset = in.readLong() ^ Long.MIN_VALUE;
            String topic = readString(in);
            String incidentId = readString(in);
            String agency = readString(in);
            String mqttTopic = readString(in);
            String incidentType = readString(in);
            String timestamp = readString(in);
            boolean numbered = in.readBoolean();
            long number = in.readLong();
            String diffType = readString(in);
            String status = readString(in);
            String severity = readString(in);
            String field = readString(in);
            String reason = readString(in);
            String detail = readString(in);
            byte[] geometry = readBytes(in);
            int n = in.readInt();
            List<Double> bbox = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                bbox.add(in.readDouble());
            }
            byte[] record = readBytes(in);
            int m = in.readInt();
            List<String> agencies = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                agencies.add(readString(in));
            }
            return new Event(appendTime, kind, topic, partition, offset, incidentId, agency, mqttTopic, incidentType, timestamp,
                    numbered ? number : null, diffType, status, severity, field, reason, detail, geometry, List.copyOf(bbox), record,
                    List.copyOf(agencies));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static int length(Object o) {
        return o instanceof byte[] b ? b.length : o instanceof String s ? s.length() : 0;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
