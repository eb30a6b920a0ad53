package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.spill.ExternalSort;
import io.incidentfeeds.afteraction.spill.Spill;
import io.incidentfeeds.history.History;
import io.incidentfeeds.history.HistoryVersion;
import io.incidentfeeds.history.PictureAt;
import io.incidentfeeds.history.TaskCheckpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The live picture at an instant, the cross-check's other side, without holding it: every candidate
 * {@link History#pictureAt(Instant, Map, java.util.function.BiConsumer)} streams (checkpoint versions,
 * then the history's) goes to an external sort keyed by incident, version number and order read, and
 * is read back as each incident's last version (the highest number, the later read among equals, as
 * {@code History} decides it), in incident id order.
 */
public final class LiveVersions implements AutoCloseable {

    private final ExternalSort sort;
    private long read;
    private PictureAt picture;

    private LiveVersions(Spill spill) {
        this.sort = new ExternalSort(spill.memoryBytes(), spill.directory());
    }

    /** The versions {@code history} knew at {@code at}, from {@code startFrom} (task -> checkpoint; empty: the history's start). */
    public static LiveVersions at(History history, Instant at, Map<Integer, TaskCheckpoint> startFrom, Spill spill) {
        LiveVersions live = new LiveVersions(spill);
        try {
            live.picture = history.pictureAt(at, startFrom, live::add);
            return live;
        } catch (RuntimeException e) {
            live.close();
            throw e;
        }
    }

    private void add(String incidentId, byte[] version) {
        byte[] id = incidentId.getBytes(StandardCharsets.UTF_8);
        // the id, a 0 (ids are ASCII without it), the version number and the order read, the version
        sort.add(ByteBuffer.allocate(id.length + 1 + 16 + version.length).put(id).put((byte) 0)
                .putLong(HistoryVersion.numberOf(version)).putLong(read++).put(version).array());
    }

    /** The instant, the checkpoints started from, and the history records read (its {@code versions} is empty). */
    public PictureAt picture() {
        return picture;
    }

    /** Incident id -> its last version at the instant, in id order; once. */
    public Iterator<Map.Entry<String, byte[]>> versions() {
        Iterator<byte[]> items = sort.sorted();
        return new Iterator<>() {
            private byte[] head = items.hasNext() ? items.next() : null;

            @Override
            public boolean hasNext() {
                return head != null;
            }

            @Override
            public Map.Entry<String, byte[]> next() {
                if (head == null) {
                    throw new NoSuchElementException();
                }
                int end = idEnd(head);
                byte[] last = head;
                head = items.hasNext() ? items.next() : null;
                while (head != null && idEnd(head) == end && Arrays.equals(head, 0, end, last, 0, end)) { // the same incident's, later
                    last = head;
                    head = items.hasNext() ? items.next() : null;
                }
                return Map.entry(new String(last, 0, end, StandardCharsets.UTF_8), Arrays.copyOfRange(last, end + 17, last.length));
            }
        };
    }

    private static int idEnd(byte[] item) {
        int end = 0;
        while (item[end] != 0) {
            end++;
        }
        return end;
    }

    @Override
    public void close() {
        sort.close();
    }
}
