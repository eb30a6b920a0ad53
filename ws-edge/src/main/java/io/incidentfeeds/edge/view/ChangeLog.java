package io.incidentfeeds.edge.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The latest changes of one partition, bounded, for resume_from: a ring of (offset, before, after).
 * Not thread-safe: the live view guards it.
 */
final class ChangeLog {

    private final long[] offsets;
    private final Change[] changes;
    private int head;
    private int size;
    /** Every change at an offset at or above this is in the log. */
    private long complete;

    ChangeLog(int capacity, long startOffset) {
        offsets = new long[capacity];
        changes = new Change[capacity];
        complete = startOffset;
    }

    void add(long offset, Change change) {
        if (size == offsets.length) {
            // The oldest change goes; positions at or before it can no longer be resumed.
            complete = offsets[head] + 1;
            changes[head] = null;
            head = (head + 1) % offsets.length;
            size--;
        }
        int slot = (head + size) % offsets.length;
        offsets[slot] = offset;
        changes[slot] = change;
        size++;
    }

    /** Whether every change from {@code from} on is here. */
    boolean covers(long from) {
        return from >= complete;
    }

    /** Changes at offsets {@code >= from}, oldest first. */
    List<Change> since(long from) {
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % offsets.length;
            if (offsets[slot] >= from) {
                out.add(changes[slot]);
            }
        }
        return out;
    }
}
