package io.incidentfeeds.afteraction.spill;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Sorts byte strings (unsigned, byte by byte: a caller puts its sort key first, big-endian) with at
 * most {@code memoryBytes} of them held at once: past that, the held ones are sorted and written to a
 * run file in {@code directory}, and {@link #sorted()} merges the runs. Items may be added from several
 * threads. The run files are deleted by {@link #close()}.
 */
public final class ExternalSort implements AutoCloseable {

    /** What an item held costs beyond its bytes: the array's header and the list's reference. */
    static final int OVERHEAD = 24;

    private static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private final long memoryBytes;
    private final Path directory;
    private final List<Path> runs = new ArrayList<>();
    private final List<RunReader> open = new ArrayList<>();
    private List<byte[]> held = new ArrayList<>();
    private long heldBytes;
    private long count;

    /** {@code directory}: where the run files go (created if missing). */
    public ExternalSort(long memoryBytes, Path directory) {
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("memory must be positive: " + memoryBytes);
        }
        this.memoryBytes = memoryBytes;
        this.directory = directory;
    }

    public synchronized void add(byte[] item) {
        held.add(item);
        heldBytes += item.length + OVERHEAD;
        count++;
        if (heldBytes > memoryBytes) {
            spill();
        }
    }

    /** Items added. */
    public synchronized long count() {
        return count;
    }

    /** Run files written so far. */
    public synchronized int runs() {
        return runs.size();
    }

    private void spill() {
        held.sort(ORDER);
        runs.add(writeRun(directory, held));
        held = new ArrayList<>();
        heldBytes = 0;
    }

    /** {@code items} written, in their order, to a new run file in {@code directory}. */
    static Path writeRun(Path directory, List<byte[]> items) {
        try {
            Files.createDirectories(directory);
            Path run = Files.createTempFile(directory, "after-action-run-", ".bin");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                for (byte[] item : items) {
                    out.writeInt(item.length);
                    out.write(item);
                }
            }
            return run;
        } catch (IOException e) {
            throw new ReviewException(ExitCode.INTERNAL, "cannot spill to " + directory + " (--spill-dir): " + e.getMessage(), e);
        }
    }

    /** Deletes run files (one left behind in the temporary directory is not worth failing a finished review). */
    static void delete(List<Path> runs) {
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                // left behind
            }
        }
    }

    /** Every item added, in order; no more may be added. Held items only, when nothing was spilled. */
    public synchronized Iterator<byte[]> sorted() {
        if (runs.isEmpty()) {
            held.sort(ORDER);
            List<byte[]> items = held;
            held = List.of();
            return items.iterator();
        }
        if (!held.isEmpty()) {
            spill();
        }
        held = List.of();
        PriorityQueue<RunReader> heads = new PriorityQueue<>(Comparator.comparing(RunReader::head, ORDER));
        for (Path run : runs) {
            RunReader reader = new RunReader(run);
            open.add(reader);
            if (reader.advance()) {
                heads.add(reader);
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public byte[] next() {
                RunReader first = heads.poll();
                if (first == null) {
                    throw new NoSuchElementException();
                }
                byte[] item = first.head();
                if (first.advance()) {
                    heads.add(first);
                }
                return item;
            }
        };
    }

    @Override
    public synchronized void close() {
        for (RunReader reader : open) {
            reader.close();
        }
        delete(runs);
        runs.clear();
        held = List.of();
    }

    /** A run file read item by item. */
    static final class RunReader {
        private final DataInputStream in;
        private byte[] head;

        RunReader(Path run) {
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] head() {
            return head;
        }

        boolean advance() {
            try {
                int length = in.readInt();
                head = new byte[length];
                in.readFully(head);
                return true;
            } catch (EOFException e) {
                close();
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                // read to its end already, or failing anyway
            }
        }
    }
}
