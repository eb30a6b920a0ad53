package io.incidentfeeds.edge.view;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a console is in incidents.reconciled: for every partition, the offset of the next record it
 * has not seen. Derived from the topic alone, so a position from one replica means the same on
 * every other. Wire form {@code v1.<partition>-<offset>.<partition>-<offset>...}, e.g.
 * {@code v1.0-43.1-17}; opaque to consoles.
 */
public final class Position {

    private static final String PREFIX = "v1";
    private final long[] next;

    public Position(long[] next) {
        this.next = next.clone();
    }

    public int partitions() {
        return next.length;
    }

    public long next(int partition) {
        return next[partition];
    }

    public long[] toArray() {
        return next.clone();
    }

    public String encode() {
        StringBuilder sb = new StringBuilder(PREFIX);
        for (int p = 0; p < next.length; p++) {
            sb.append('.').append(p).append('-').append(next[p]);
        }
        return sb.toString();
    }

    /** The position a token names; empty when it is not one (never throws). */
    public static Optional<Position> decode(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length < 2 || !PREFIX.equals(parts[0]) || parts.length - 1 > 10_000) {
            return Optional.empty();
        }
        long[] next = new long[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("-", -1);
            if (pair.length != 2) {
                return Optional.empty();
            }
            try {
                if (Integer.parseInt(pair[0]) != i - 1) {
                    return Optional.empty();
                }
                next[i - 1] = Long.parseLong(pair[1]);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (next[i - 1] < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new Position(next));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position other && Arrays.equals(next, other.next);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(next);
    }

    @Override
    public String toString() {
        return encode();
    }
}
