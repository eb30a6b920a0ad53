package io.incidentfeeds.afteraction.spill;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * States spilled past the memory bound: a RocksDB in a directory of its own under the spill
 * directory, keyed by incident id, without a write-ahead log (it lives as long as one review); the
 * directory is deleted when it is closed. RocksDB's own memory is off the heap: a 16 MiB write buffer
 * and its default block cache.
 */
public final class SpilledStates implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final Options options;
    private final WriteOptions writes;
    private final RocksDB db;

    private SpilledStates(Path directory, Options options, WriteOptions writes, RocksDB db) {
        this.directory = directory;
        this.options = options;
        this.writes = writes;
        this.db = db;
    }

    /** A new, empty store in a new directory under {@code parent}. */
    public static SpilledStates open(Path parent) {
        Options options = new Options().setCreateIfMissing(true).setWriteBufferSize(16L << 20)
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
        WriteOptions writes = new WriteOptions().setDisableWAL(true);
        try {
            Files.createDirectories(parent);
            Path directory = Files.createTempDirectory(parent, "after-action-states-");
            return new SpilledStates(directory, options, writes, RocksDB.open(options, directory.toString()));
        } catch (IOException | RocksDBException e) {
            options.close();
            writes.close();
            throw new ReviewException(ExitCode.INTERNAL, "cannot spill to " + parent + " (--spill-dir): " + e.getMessage(), e);
        }
    }

    public void put(String key, byte[] value) {
        try {
            db.put(writes, key.getBytes(StandardCharsets.UTF_8), value);
        } catch (RocksDBException e) {
            throw new ReviewException(ExitCode.INTERNAL, "cannot spill to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The value put last under {@code key}; null when none was. */
    public byte[] get(String key) {
        try {
            return db.get(key.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new ReviewException(ExitCode.INTERNAL, "cannot read back from " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        db.close();
        writes.close();
        options.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a directory left in the temporary directory is not worth failing a finished review
        }
    }
}
