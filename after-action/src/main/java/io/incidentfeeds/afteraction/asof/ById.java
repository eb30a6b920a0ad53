package io.incidentfeeds.afteraction.asof;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * One side of a merge-join: entries in incident id order, looked at one id at a time. Several sides
 * walked together by {@link #first} and {@link #take} compare pictures of any size while holding one
 * incident of each.
 */
final class ById<V> {

    private final Iterator<? extends Map.Entry<String, ? extends V>> entries;
    private Map.Entry<String, ? extends V> head;

    ById(Iterator<? extends Map.Entry<String, ? extends V>> entries) {
        this.entries = entries;
        advance();
    }

    /** Entries of {@code bytes} read into values as they are reached. */
    static <V> ById<V> of(Iterator<Map.Entry<String, byte[]>> bytes, Function<byte[], V> read) {
        return new ById<>(new Iterator<Map.Entry<String, V>>() {
            @Override
            public boolean hasNext() {
                return bytes.hasNext();
            }

            @Override
            public Map.Entry<String, V> next() {
                Map.Entry<String, byte[]> e = bytes.next();
                return Map.entry(e.getKey(), read.apply(e.getValue()));
            }
        });
    }

    private void advance() {
        head = entries.hasNext() ? entries.next() : null;
    }

    /** The next id on this side; null at its end. */
    String nextId() {
        return head == null ? null : head.getKey();
    }

    /** The value under {@code id} if it is this side's next, moving past it; else null. */
    V take(String id) {
        if (head == null || !head.getKey().equals(id)) {
            return null;
        }
        V value = head.getValue();
        advance();
        return value;
    }

    /** The least next id of the sides; null when all are at their end. */
    static String first(ById<?>... sides) {
        String first = null;
        for (ById<?> side : sides) {
            String id = side.nextId();
            if (id != null && (first == null || id.compareTo(first) < 0)) {
                first = id;
            }
        }
        return first;
    }
}
