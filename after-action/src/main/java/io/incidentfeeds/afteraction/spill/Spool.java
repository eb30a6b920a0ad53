package io.incidentfeeds.afteraction.spill;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Byte strings read back once, in the order they were added: held in memory up to a bound, past it
 * written to run files on disk ({@link ExternalSort}'s), deleted on close. For items that come in
 * order already and need no sort.
 */
public final class Spool implements AutoCloseable {

    private final long memoryBytes;
    private final Path directory;
    private final List<Path> runs = new ArrayList<>();
    private final List<ExternalSort.RunReader> open = new ArrayList<>();
    private List<byte[]> held = new ArrayList<>();
    private long heldBytes;

    /** {@code directory}: where the run files go (created if missing). */
    public Spool(long memoryBytes, Path directory) {
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("memory must be positive: " + memoryBytes);
        }
        this.memoryBytes = memoryBytes;
        this.directory = directory;
    }

    public void add(byte[] item) {
        held.add(item);
        heldBytes += item.length + ExternalSort.OVERHEAD;
        if (heldBytes > memoryBytes) {
            runs.add(ExternalSort.writeRun(directory, held));
            held = new ArrayList<>();
            heldBytes = 0;
        }
    }

    /** Run files written so far. */
    public int runs() {
        return runs.size();
    }

    /** Every item added, in the order added (the runs', then those still held); no more may be added. */
    public Iterator<byte[]> inOrder() {
        List<byte[]> tail = held;
        held = List.of();
        return new Iterator<>() {
            private int run;
            private ExternalSort.RunReader reader;
            private final Iterator<byte[]> last = tail.iterator();
            private boolean ready;

            @Override
            public boolean hasNext() {
                while (!ready && run < runs.size()) {
                    if (reader == null) {
                        reader = new ExternalSort.RunReader(runs.get(run));
                        open.add(reader);
                    }
                    ready = reader.advance();
                    if (!ready) {
                        reader = null;
                        run++;
                    }
                }
                return ready || last.hasNext();
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (ready) {
                    ready = false;
                    return reader.head();
                }
                return last.next();
            }
        };
    }

    @Override
    public void close() {
        open.forEach(ExternalSort.RunReader::close);
        ExternalSort.delete(runs);
        runs.clear();
        held = List.of();
    }
}
