package io.incidentfeeds.afteraction.spill;

import java.nio.file.Path;

/**
 * How much a review may hold in memory ({@code --memory}) before it spills to disk, and where it
 * spills ({@code --spill-dir}): the timeline's sort to run files, the as-of's states to RocksDB.
 */
public record Spill(long memoryBytes, Path directory) {

    public Spill {
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("memory must be positive: " + memoryBytes);
        }
    }

    /** Everything in memory (the library default: a caller that sets no bound gets none). */
    public static Spill unbounded() {
        return new Spill(Long.MAX_VALUE, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The same directory, {@code 1/parts} of the memory. */
    public Spill share(int parts) {
        return new Spill(Math.max(1, memoryBytes / parts), directory);
    }
}
