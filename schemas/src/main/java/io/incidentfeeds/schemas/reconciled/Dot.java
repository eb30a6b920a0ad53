package io.incidentfeeds.schemas.reconciled;

import java.util.Comparator;

/** One edit's identity: the agency that made it and that agency's sequence number. */
public record Dot(String agencyId, long sequenceNumber) implements Comparable<Dot> {

    private static final Comparator<Dot> ORDER =
            Comparator.comparing(Dot::agencyId).thenComparingLong(Dot::sequenceNumber);

    @Override
    public int compareTo(Dot other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return agencyId + ":" + sequenceNumber;
    }
}
