package io.incidentfeeds.afteraction.spill;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Incidents spilled past the memory bound: a RocksDB in a directory of its own under the spill
 * directory, keyed by incident id, without a write-ahead log (it lives as long as one review), with
 * two column families: the states, and the last versions. The directory is deleted when it is closed.
 * RocksDB's own memory is off the heap: a 16 MiB write buffer per family and its default block cache.
 *
 * <p>Keys are the ids' UTF-8 bytes, which RocksDB orders byte by byte: for the contract's incident ids
 * (ASCII, {@code ^[A-Za-z0-9._:-]{1,64}$}) that is {@link String#compareTo}'s order, the order every
 * output is written in.
 */
public final class SpilledStates implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions options;
    private final ColumnFamilyOptions families;
    private final WriteOptions writes;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final List<RocksIterator> iterators = new ArrayList<>();

    private SpilledStates(Path directory, DBOptions options, ColumnFamilyOptions families, WriteOptions writes, RocksDB db,
                          List<ColumnFamilyHandle> handles) {
        this.directory = directory;
        this.options = options;
        this.families = families;
        this.writes = writes;
        this.db = db;
        this.handles = handles;
    }

    /** A new, empty store in a new directory under {@code parent}. */
    public static SpilledStates open(Path parent) {
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions families = new ColumnFamilyOptions().setWriteBufferSize(16L << 20)
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
        WriteOptions writes = new WriteOptions().setDisableWAL(true);
        try {
            Files.createDirectories(parent);
            Path directory = Files.createTempDirectory(parent, "after-action-states-");
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(options, directory.toString(), List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, families),
                    new ColumnFamilyDescriptor("versions".getBytes(StandardCharsets.UTF_8), families)), handles);
            return new SpilledStates(directory, options, families, writes, db, handles);
        } catch (IOException | RocksDBException e) {
            options.close();
            families.close();
            writes.close();
            throw new ReviewException(ExitCode.INTERNAL, "cannot spill to " + parent + " (--spill-dir): " + e.getMessage(), e);
        }
    }

    /** An incident's state and, unless null, its last version, written together. */
    public void put(String id, byte[] state, byte[] version) {
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(handles.get(0), key, state);
            if (version != null) {
                batch.put(handles.get(1), key, version);
            }
            db.write(writes, batch);
        } catch (RocksDBException e) {
            throw new ReviewException(ExitCode.INTERNAL, "cannot spill to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** An incident's last version alone (its state is not needed any more). */
    public void putVersion(String id, byte[] version) {
        try {
            db.put(handles.get(1), writes, id.getBytes(StandardCharsets.UTF_8), version);
        } catch (RocksDBException e) {
            throw new ReviewException(ExitCode.INTERNAL, "cannot spill to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The state put last under {@code id}; null when none was. */
    public byte[] state(String id) {
        return get(0, id);
    }

    /** The last version put under {@code id}; null when none was. */
    public byte[] version(String id) {
        return get(1, id);
    }

    private byte[] get(int family, String id) {
        try {
            return db.get(handles.get(family), id.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new ReviewException(ExitCode.INTERNAL, "cannot read back from " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Every last version, in incident id order; valid until {@link #close()}. */
    public synchronized Iterator<Map.Entry<String, byte[]>> versions() {
        RocksIterator it = db.newIterator(handles.get(1));
        iterators.add(it);
        it.seekToFirst();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.isValid();
            }

            @Override
            public Map.Entry<String, byte[]> next() {
                if (!it.isValid()) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, byte[]> entry = new AbstractMap.SimpleImmutableEntry<>(new String(it.key(), StandardCharsets.UTF_8), it.value());
                it.next();
                return entry;
            }
        };
    }

    @Override
    public synchronized void close() {
        iterators.forEach(RocksIterator::close);
        iterators.clear();
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        writes.close();
        families.close();
        options.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a directory left in the temporary directory is not worth failing a finished review
        }
    }
}
