package io.incidentfeeds.processing.state;

import io.incidentfeeds.processing.reconcile.AppliedDots;
import io.incidentfeeds.processing.reconcile.CarriedField;
import io.incidentfeeds.processing.reconcile.FieldWrite;
import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.reconcile.MaximalWrites;
import io.incidentfeeds.processing.reconcile.VectorClock;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.Dot;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the store's first format of {@link IncidentState}: {@code DataOutput}
 * fields, every write with its own dot, clock and time. Kept so that a processor upgraded over a
 * store or changelog written by an older one reads it; the next write of the incident is in the
 * current format ({@link IncidentStateSerde}).
 */
final class IncidentStateFormat1 {

    private IncidentStateFormat1() {
    }

    static IncidentState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.readByte(); // the format, 1
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
            AppliedDots applied = new AppliedDots(contiguous, runs);
            VectorClock clock = readClock(in);
            SortedMap<String, MaximalWrites> fields = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                fields.put(in.readUTF(), new MaximalWrites(readWrites(in)));
            }
            SortedMap<String, CarriedField> carried = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                carried.put(name, new CarriedField(readWrites(in), readWrites(in)));
            }
            long version = in.readLong();
            byte diff = in.readByte();
            DiffType lastEmitted = diff < 0 ? null : DiffType.values()[diff];
            in.readNBytes(in.readInt()); // the emitted content's digest: no longer kept (see IncidentState)
            SortedMap<String, String> reportedConflicts = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                reportedConflicts.put(in.readUTF(), in.readUTF());
            }
            long deletedSince = in.readLong();
            return new IncidentState(applied, clock, fields, carried, version, lastEmitted, reportedConflicts, deletedSince,
                    IncidentState.UNKNOWN_EDIT_TIMESTAMP); // format 1 did not keep it
        } catch (IOException e) {
            throw new StateFormatException("not an incident state: " + e.getMessage(), e);
        }
    }

    private static VectorClock readClock(DataInputStream in) throws IOException {
        TreeMap<String, Long> entries = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            entries.put(in.readUTF(), in.readLong());
        }
        return VectorClock.of(entries);
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

}
