package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.schemas.json.ContractJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An {@link Event} as bytes for {@link io.incidentfeeds.afteraction.spill.ExternalSort}: first its
 * place in {@link Event#ORDER} (append time, kind, partition, offset, big-endian with the sign bit
 * flipped, so the bytes compare as the order does), then the topic and the record's value. A version or
 * conflict is rebuilt from its value; an edit or dead letter keeps what its reading computed (the
 * processing core's outcome, the headers' facts), its record's JSON parsed again from the value.
 */
final class EventCodec {

    private EventCodec() {
    }

    /** A version or conflict: its record as it is, the event built from it when decoded. */
    static byte[] encode(Event.Kind kind, ConsumerRecord<byte[], byte[]> r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (r.value() == null ? 0 : r.value().length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writePlace(out, r.timestamp(), kind, r.partition(), r.offset(), r.topic(), r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An edit or a dead letter as its reading made it; {@code value}: the record's value, which its JSON is parsed from when decoded. */
    static byte[] encode(Event event, byte[] value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + (value == null ? 0 : value.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writePlace(out, event.appendTime(), event.kind(), event.partition(), event.offset(), event.topic(), value);
            if (event.kind() == Event.Kind.EDIT || event.kind() == Event.Kind.DEAD_LETTER) {
                writeString(out, event.incidentId());
                writeString(out, event.agency());
                writeString(out, event.mqttTopic());
                writeString(out, event.incidentType());
                writeString(out, event.timestamp());
                writeString(out, event.reason());
                writeString(out, event.detail());
                writeBytes(out, event.geometry() == null ? null : TimelineOutput.WRITER.writeValueAsBytes(event.geometry()));
                out.writeInt(event.bbox().size());
                for (double d : event.bbox()) {
                    out.writeDouble(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
            byte[] value = readBytes(in);
            return switch (kind) {
                case VERSION -> Timeline.version(appendTime, topic, partition, offset, value);
                case CONFLICT -> Timeline.conflict(appendTime, topic, partition, offset, value);
                case EDIT, DEAD_LETTER -> {
                    String incidentId = readString(in);
                    String agency = readString(in);
                    String mqttTopic = readString(in);
                    String incidentType = readString(in);
                    String timestamp = readString(in);
                    String reason = readString(in);
                    String detail = readString(in);
                    byte[] geometry = readBytes(in);
                    int n = in.readInt();
                    List<Double> bbox = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        bbox.add(in.readDouble());
                    }
                    yield new Event(appendTime, kind, topic, partition, offset, incidentId, agency, mqttTopic, incidentType, timestamp,
                            reason, detail, geometry == null ? null : ContractJson.mapper().readTree(geometry), List.copyOf(bbox),
                            Timeline.json(value), null, null, List.of());
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writePlace(DataOutputStream out, long appendTime, Event.Kind kind, int partition, long offset, String topic,
                                   byte[] value) throws IOException {
        out.writeLong(appendTime ^ Long.MIN_VALUE);
        out.writeByte(kind.ordinal());
        out.writeInt(partition ^ Integer.MIN_VALUE);
        out.writeLong(offset ^ Long.MIN_VALUE);
        writeString(out, topic);
        writeBytes(out, value);
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
