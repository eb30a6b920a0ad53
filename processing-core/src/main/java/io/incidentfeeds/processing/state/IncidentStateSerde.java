package io.incidentfeeds.processing.state;

import io.incidentfeeds.processing.reconcile.AppliedDots;
import io.incidentfeeds.processing.reconcile.CarriedField;
import io.incidentfeeds.processing.reconcile.FieldWrite;
import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.reconcile.MaximalWrites;
import io.incidentfeeds.processing.reconcile.VectorClock;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.Dot;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@link IncidentState} in the store and its changelog (internal, not the contract): a compact
 * binary form, read and written whole for every edit, so it is built for that. Field values stay
 * the canonical JSON bytes they are. Maps are written in key order, so equal states give equal
 * bytes. The first byte is the format version; format 1 is still read ({@link IncidentStateFormat1}).
 *
 * <p>Format 2: every agency id once, in a sorted table, then referred to by its index; every edit
 * once (its dot, clock and time, which all its field writes share), then referred to by its index
 * from each write; integers as varints. The test fixture's state (40 edits of three agencies) is
 * 671 bytes in it (703 while it kept a digest of the emitted content), 1,750 in format 1; and
 * reading it builds each agency id and clock once.
 *
 * <p>Format 3 (written now): the format byte, the largest edit timestamp ({@link IncidentState#maxEditTimestamp},
 * seconds as a varlong, nanoseconds as a varint: first, so {@link #maxEditTimestamp(byte[])} reads it without the
 * rest), then format 2's body. Formats 1 and 2 did not keep it: states read from them have
 * {@link IncidentState#UNKNOWN_EDIT_TIMESTAMP}.
 */
public final class IncidentStateSerde {

    private static final byte FORMAT = 3;
    private static final byte FORMAT_2 = 2;

    private IncidentStateSerde() {
    }

    public static byte[] toBytes(IncidentState state) {
        Writer out = new Writer(state);
        out.write(state);
        return out.bytes();
    }

    public static IncidentState fromBytes(byte[] bytes) {
        if (bytes.length == 0) {
            throw new StateFormatException("not an incident state: empty");
        }
        try {
            return switch (bytes[0]) {
                case 1 -> IncidentStateFormat1.read(bytes);
                case FORMAT_2, FORMAT -> new Reader(bytes).read();
                default -> throw new StateFormatException("unknown incident state format " + bytes[0]);
            };
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException | NegativeArraySizeException
                 | DateTimeException e) {
            throw new StateFormatException("not an incident state: " + e, e);
        }
    }

    /**
     * The state's {@link IncidentState#maxEditTimestamp} without reading the rest: what a checkpoint takes from
     * every incident of its store. {@link IncidentState#UNKNOWN_EDIT_TIMESTAMP} for the formats that did not keep it.
     */
    public static Instant maxEditTimestamp(byte[] bytes) {
        if (bytes.length == 0) {
            throw new StateFormatException("not an incident state: empty");
        }
        if (bytes[0] == 1 || bytes[0] == FORMAT_2) {
            return IncidentState.UNKNOWN_EDIT_TIMESTAMP;
        }
        if (bytes[0] != FORMAT) {
            throw new StateFormatException("unknown incident state format " + bytes[0]);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            return Instant.ofEpochSecond(VarintInput.readVarlong(in), VarintInput.readUnsignedVarint(in));
        } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
            throw new StateFormatException("not an incident state: " + e, e);
        }
    }

    /** What the writes of one edit share. */
    private record Origin(Dot dot, VectorClock clock, Instant timestamp) {
    }

    private static final class Writer {

        // A buffer per thread, reused: states are written whole for every edit, and growing a
        // fresh buffer to their size each time cost more than writing them.
        private static final ThreadLocal<VarintOutput> SCRATCH = ThreadLocal.withInitial(() -> new VarintOutput(4096));

        private final VarintOutput out = SCRATCH.get().clear();
        // Small tables (a few agencies, a few dozen edits at most), so sorted and plain lists: cheaper
        // here than hashing and tree sets.
        private final List<String> agencies = new ArrayList<>();
        private final List<Origin> origins = new ArrayList<>();
        // Every write looks its edit up: by hash, not by comparing dots along the list (a state has
        // tens of writes and edits, and each comparison reads agency ids scattered over the heap).
        private final Map<Dot, Integer> originIndex = new HashMap<>();

        /**
         * Collects the tables first: every agency id and every edit the state mentions. Plain loops,
         * not {@code forEach} with a lambda: in the processor's JVM the JDK's {@code forEach} serves
         * many lambdas, so the JIT could not inline this one there.
         */
        Writer(IncidentState state) {
            for (String agency : state.applied().contiguous().keySet()) {
                addAgency(agency);
            }
            for (String agency : state.applied().runs().keySet()) {
                addAgency(agency);
            }
            addAgencies(state.clock());
            for (MaximalWrites field : state.fields().values()) {
                addOrigins(field.writes());
            }
            for (CarriedField field : state.carried().values()) {
                addOrigins(field.decided());
                addOrigins(field.pending());
            }
        }

        private void addOrigins(List<FieldWrite> writes) {
            for (int i = 0; i < writes.size(); i++) {
                FieldWrite w = writes.get(i);
                Integer known = originIndex.putIfAbsent(w.dot(), origins.size());
                if (known == null) {
                    origins.add(new Origin(w.dot(), w.clock(), w.timestamp()));
                    addAgency(w.dot().agencyId());
                    addAgencies(w.clock());
                } else if (!sameEdit(origins.get(known), w)) {
                    throw new IllegalStateException("two edits with the dot " + w.dot() + " in one incident's state");
                }
            }
        }

        private void addAgencies(VectorClock clock) {
            for (int i = 0; i < clock.size(); i++) {
                addAgency(clock.agency(i));
            }
        }

        private void addAgency(String id) {
            int at = Collections.binarySearch(agencies, id);
            if (at < 0) {
                agencies.add(-at - 1, id);
            }
        }

        private int agency(String id) {
            return Collections.binarySearch(agencies, id);
        }

        private static boolean sameEdit(Origin origin, FieldWrite w) {
            return (origin.clock() == w.clock() || origin.clock().equals(w.clock())) && origin.timestamp().equals(w.timestamp());
        }

        void write(IncidentState state) {
            out.put(FORMAT);
            varlong(state.maxEditTimestamp().getEpochSecond());
            varint(state.maxEditTimestamp().getNano());
            varint(agencies.size());
            for (String agency : agencies) {
                string(agency);
            }
            varint(state.applied().contiguous().size());
            for (Map.Entry<String, Long> e : state.applied().contiguous().entrySet()) {
                varint(agency(e.getKey()));
                varlong(e.getValue());
                List<long[]> runs = state.applied().runs().getOrDefault(e.getKey(), List.of());
                varint(runs.size());
                for (long[] run : runs) {
                    varlong(run[0]);
                    varlong(run[1]);
                }
            }
            clock(state.clock());
            varint(origins.size());
            for (Origin o : origins) {
                varint(agency(o.dot().agencyId()));
                varlong(o.dot().sequenceNumber());
                clock(o.clock());
                varlong(o.timestamp().getEpochSecond());
                varint(o.timestamp().getNano());
            }
            varint(state.fields().size());
            for (Map.Entry<String, MaximalWrites> e : state.fields().entrySet()) {
                string(e.getKey());
                writes(e.getValue().writes());
            }
            varint(state.carried().size());
            for (Map.Entry<String, CarriedField> e : state.carried().entrySet()) {
                string(e.getKey());
                writes(e.getValue().decided());
                writes(e.getValue().pending());
            }
            varlong(state.version());
            out.put((byte) (state.lastEmitted() == null ? -1 : state.lastEmitted().ordinal()));
            varint(0); // an empty digest of the emitted content: no longer kept, its place kept so format 2 reads as before
            varint(state.reportedConflicts().size());
            for (Map.Entry<String, String> e : state.reportedConflicts().entrySet()) {
                string(e.getKey());
                string(e.getValue());
            }
            varlong(state.deletedSince());
        }

        private void clock(VectorClock clock) {
            varint(clock.size());
            for (int i = 0; i < clock.size(); i++) {
                varint(agency(clock.agency(i)));
                varlong(clock.sequence(i));
            }
        }

        private void writes(List<FieldWrite> writes) {
            varint(writes.size());
            for (FieldWrite w : writes) {
                varint(originIndex.get(w.dot())); // an incident applies each dot once, so its writes are of one edit
                bytes(w.value());
                FieldWrite.GeometryExtras extras = w.extras();
                out.put((byte) (extras == null ? 0 : 1));
                if (extras != null) {
                    varint(extras.bbox().length);
                    for (double d : extras.bbox()) {
                        out.putDouble(d);
                    }
                    varint(extras.jurisdictions().size());
                    for (String jurisdiction : extras.jurisdictions()) {
                        string(jurisdiction);
                    }
                }
            }
        }

        private void varint(int value) {
            out.putUnsignedVarint(value);
        }

        private void varlong(long value) {
            out.putVarlong(value); // zig-zag: deletedSince is -1 while live
        }

        private void bytes(byte[] value) {
            varint(value.length);
            out.put(value);
        }

        private void string(String value) {
            bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static final class Reader {

        private final ByteBuffer in;
        private String[] agencies;
        private Origin[] origins;

        Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
        }

        IncidentState read() {
            Instant maxEditTimestamp = in.get() == FORMAT_2 ? IncidentState.UNKNOWN_EDIT_TIMESTAMP // format 2 did not keep it
                    : Instant.ofEpochSecond(varlong(), varint());
            agencies = new String[varint()];
            for (int i = 0; i < agencies.length; i++) {
                // Interned, as the JSON parser interns the clocks' keys: comparisons of agency ids
                // between a state read here and new edits then usually end at the identity check.
                agencies[i] = string().intern();
            }
            SortedMap<String, Long> contiguous = new TreeMap<>();
            SortedMap<String, List<long[]>> runs = new TreeMap<>();
            for (int i = varint(); i > 0; i--) {
                String agency = agency();
                contiguous.put(agency, varlong());
                int n = varint();
                if (n > 0) {
                    List<long[]> agencyRuns = new ArrayList<>(n);
                    for (int r = 0; r < n; r++) {
                        agencyRuns.add(new long[] {varlong(), varlong()});
                    }
                    runs.put(agency, agencyRuns);
                }
            }
            AppliedDots applied = new AppliedDots(contiguous, runs);
            VectorClock clock = clock();
            origins = new Origin[varint()];
            for (int i = 0; i < origins.length; i++) {
                Dot dot = new Dot(agency(), varlong());
                origins[i] = new Origin(dot, clock(), Instant.ofEpochSecond(varlong(), varint()));
            }
            SortedMap<String, MaximalWrites> fields = new TreeMap<>();
            for (int i = varint(); i > 0; i--) {
                fields.put(string(), new MaximalWrites(writes()));
            }
            SortedMap<String, CarriedField> carried = new TreeMap<>();
            for (int i = varint(); i > 0; i--) {
                String name = string();
                carried.put(name, new CarriedField(writes(), writes()));
            }
            long version = varlong();
            byte diff = in.get();
            DiffType lastEmitted = diff < 0 ? null : DiffType.values()[diff];
            bytes(); // a digest of the emitted content, which earlier writers of format 2 filled: not needed (see IncidentState)
            SortedMap<String, String> reportedConflicts = new TreeMap<>();
            for (int i = varint(); i > 0; i--) {
                reportedConflicts.put(string(), string());
            }
            long deletedSince = varlong();
            if (in.hasRemaining()) {
                throw new StateFormatException("not an incident state: " + in.remaining() + " bytes after its end");
            }
            return new IncidentState(applied, clock, fields, carried, version, lastEmitted, reportedConflicts, deletedSince,
                    maxEditTimestamp);
        }

        private List<FieldWrite> writes() {
            int n = varint();
            List<FieldWrite> writes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Origin origin = origins[varint()];
                byte[] value = bytes();
                FieldWrite.GeometryExtras extras = null;
                if (in.get() != 0) {
                    double[] bbox = new double[varint()];
                    for (int b = 0; b < bbox.length; b++) {
                        bbox[b] = in.getDouble();
                    }
                    List<String> jurisdictions = new ArrayList<>();
                    for (int j = varint(); j > 0; j--) {
                        jurisdictions.add(string());
                    }
                    extras = new FieldWrite.GeometryExtras(bbox, jurisdictions);
                }
                writes.add(new FieldWrite(origin.dot(), origin.clock(), origin.timestamp(), value, extras));
            }
            return writes;
        }

        private VectorClock clock() {
            TreeMap<String, Long> entries = new TreeMap<>();
            for (int i = varint(); i > 0; i--) {
                entries.put(agency(), varlong());
            }
            return VectorClock.of(entries);
        }

        private String agency() {
            return agencies[varint()];
        }

        private int varint() {
            return VarintInput.readUnsignedVarint(in);
        }

        private long varlong() {
            return VarintInput.readVarlong(in);
        }

        private byte[] bytes() {
            byte[] value = new byte[varint()];
            in.get(value);
            return value;
        }

        private String string() {
            int length = varint();
            String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return value;
        }
    }

}
