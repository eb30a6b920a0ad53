package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.schemas.reconciled.Dot;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One edit's write of one field: the edit's dot and causal context, when it was made, and the value
 * as canonical JSON bytes (so equal values are equal byte arrays, compared and hashed without a
 * parse). A write of the geometry also carries the geometry's bbox and jurisdictions, which follow
 * from the geometry and are never compared.
 *
 * @param value canonical JSON: object members sorted by name; {@code null} when the write removed
 *              the field
 */
public record FieldWrite(Dot dot, VectorClock clock, Instant timestamp, byte[] value, GeometryExtras extras) {

    /** What a geometry write brings along. */
    public record GeometryExtras(double[] bbox, List<String> jurisdictions) {
        public GeometryExtras {
            bbox = bbox.clone();
            jurisdictions = List.copyOf(jurisdictions);
        }
    }

    /**
     * Who wins among concurrent writes: the latest timestamp, then the first agency id in
     * alphabetical order (the contract's rule). An agency's own writes are never concurrent, so
     * the sequence number only makes the order total for the record.
     */
    static final Comparator<FieldWrite> PRECEDENCE = Comparator.comparing(FieldWrite::timestamp).reversed()
            .thenComparing(w -> w.dot().agencyId())
            .thenComparing(w -> -w.dot().sequenceNumber());

    /** Agency, then sequence: the order writes are kept and listed in. */
    static final Comparator<FieldWrite> BY_DOT = Comparator.comparing(FieldWrite::dot);

    /** This write's edit causally follows {@code other}'s edit (and is not it). */
    boolean follows(FieldWrite other) {
        return !dot.equals(other.dot) && clock.covers(other.dot);
    }

    boolean sameValue(FieldWrite other) {
        return Arrays.equals(value, other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldWrite w && dot.equals(w.dot) && clock.equals(w.clock) && timestamp.equals(w.timestamp)
                && Arrays.equals(value, w.value) && java.util.Objects.equals(extrasKey(), w.extrasKey());
    }

    @Override
    public int hashCode() {
        return dot.hashCode() * 31 + Arrays.hashCode(value);
    }

    private List<Object> extrasKey() {
        return extras == null ? null : List.of(Arrays.toString(extras.bbox()), extras.jurisdictions());
    }

    @Override
    public String toString() {
        return dot + "=" + new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
