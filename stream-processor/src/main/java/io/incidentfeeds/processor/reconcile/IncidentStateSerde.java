package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.Dot;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteBufferInputStream;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * {@link IncidentState} in the store and its changelog (internal, not the contract): a compact
 * binary form, read and written for every edit, so it avoids a JSON tree of the whole state; field
 * values stay the canonical JSON bytes they are. Maps are written in key order, so equal states give
 * equal bytes. The first byte is the format version, so a later format can read this one.
 */
public final class IncidentStateSerde implements Serde<IncidentState> {

    private static final byte FORMAT = 1;

    public static byte[] toBytes(IncidentState state) {
        // Kafka's buffer streams, not ByteArray*Stream: those lock per call, and Data*Stream calls
        // them once per byte of every int (JDK 17) for a state read and written whole per edit.
        ByteBufferOutputStream bytes = new ByteBufferOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(state.applied.contiguous().size());
            for (Map.Entry<String, Long> e : state.applied.contiguous().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
                List<long[]> runs = state.applied.runs().getOrDefault(e.getKey(), List.of());
                out.writeInt(runs.size());
                for (long[] run : runs) {
                    out.writeLong(run[0]);
                    out.writeLong(run[1]);
                }
            }
            writeClock(out, state.clock);
            out.writeInt(state.fields.size());
            for (Map.Entry<String, MaximalWrites> e : state.fields.entrySet()) {
                out.writeUTF(e.getKey());
                writeWrites(out, e.getValue().writes());
            }
            out.writeInt(state.carried.size());
            for (Map.Entry<String, CarriedField> e : state.carried.entrySet()) {
                out.writeUTF(e.getKey());
                writeWrites(out, e.getValue().decided());
                writeWrites(out, e.getValue().pending());
            }
            out.writeLong(state.version);
            out.writeByte(state.lastEmitted == null ? -1 : state.lastEmitted.ordinal());
            out.writeInt(state.emittedDigest.length);
            out.write(state.emittedDigest);
            out.writeInt(state.reportedConflicts.size());
            for (Map.Entry<String, String> e : state.reportedConflicts.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeLong(state.deletedSince);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(bytes.buffer().array(), bytes.position());
    }

    public static IncidentState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteBufferInputStream(ByteBuffer.wrap(bytes)))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown incident state format " + format);
            }
            IncidentState state = new IncidentState();
            SortedMap<String, Long> contiguous = new TreeMap<>();
            SortedMap<String, List<long[]>> runs = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String agency = in.readUTF();
                contiguous.put(agency, in.readLong());
                int n = in.readInt();
                if (n > 0) {
                    List<long[]> agencyRuns = new ArrayList<>(n);
                    for (int r = 0; r < n; r++) {
                        agencyRuns.add(new long[] {in.readLong(), in.readLong()});
                    }
                    runs.put(agency, agencyRuns);
                }
            }
            state.applied = new AppliedDots(contiguous, runs);
            state.clock = readClock(in);
            for (int i = in.readInt(); i > 0; i--) {
                state.fields.put(in.readUTF(), new MaximalWrites(readWrites(in)));
            }
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                state.carried.put(name, new CarriedField(readWrites(in), readWrites(in)));
            }
            state.version = in.readLong();
            byte diff = in.readByte();
            state.lastEmitted = diff < 0 ? null : DiffType.values()[diff];
            state.emittedDigest = in.readNBytes(in.readInt());
            for (int i = in.readInt(); i > 0; i--) {
                state.reportedConflicts.put(in.readUTF(), in.readUTF());
            }
            state.deletedSince = in.readLong();
            return state;
        } catch (IOException e) {
            throw new SerializationException("not an incident state: " + e.getMessage(), e);
        }
    }

    private static void writeClock(DataOutputStream out, VectorClock clock) throws IOException {
        out.writeInt(clock.asMap().size());
        for (Map.Entry<String, Long> e : clock.asMap().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static VectorClock readClock(DataInputStream in) throws IOException {
        TreeMap<String, Long> entries = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            entries.put(in.readUTF(), in.readLong());
        }
        return VectorClock.owning(entries); // every write has a clock: no second copy of a map built here
    }

    private static void writeWrites(DataOutputStream out, List<FieldWrite> writes) throws IOException {
        out.writeInt(writes.size());
        for (FieldWrite w : writes) {
            out.writeUTF(w.dot().agencyId());
            out.writeLong(w.dot().sequenceNumber());
            writeClock(out, w.clock());
            out.writeLong(w.timestamp().getEpochSecond());
            out.writeInt(w.timestamp().getNano());
            out.writeInt(w.value().length);
            out.write(w.value());
            out.writeBoolean(w.extras() != null);
            if (w.extras() != null) {
                out.writeInt(w.extras().bbox().length);
                for (double d : w.extras().bbox()) {
                    out.writeDouble(d);
                }
                out.writeInt(w.extras().jurisdictions().size());
                for (String j : w.extras().jurisdictions()) {
                    out.writeUTF(j);
                }
            }
        }
    }

    private static List<FieldWrite> readWrites(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<FieldWrite> writes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Dot dot = new Dot(in.readUTF(), in.readLong());
            VectorClock clock = readClock(in);
            Instant timestamp = Instant.ofEpochSecond(in.readLong(), in.readInt());
            byte[] value = in.readNBytes(in.readInt());
            FieldWrite.GeometryExtras extras = null;
            if (in.readBoolean()) {
                double[] bbox = new double[in.readInt()];
                for (int b = 0; b < bbox.length; b++) {
                    bbox[b] = in.readDouble();
                }
                List<String> jurisdictions = new ArrayList<>();
                for (int j = in.readInt(); j > 0; j--) {
                    jurisdictions.add(in.readUTF());
                }
                extras = new FieldWrite.GeometryExtras(bbox, jurisdictions);
            }
            writes.add(new FieldWrite(dot, clock, timestamp, value, extras));
        }
        return writes;
    }

    @Override
    public Serializer<IncidentState> serializer() {
        return (topic, state) -> state == null ? null : toBytes(state);
    }

    @Override
    public Deserializer<IncidentState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }
}
