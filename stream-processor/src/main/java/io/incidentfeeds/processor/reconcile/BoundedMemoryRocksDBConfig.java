package io.incidentfeeds.processor.reconcile;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the memory of every RocksDB store of this JVM together, for a small machine; the
 * processor's default ({@code kafka.rocksdb.config.setter} in {@code stream-processor.properties}).
 *
 * <p>By default each store instance (one per task: reconciliation has two stores per partition)
 * gets its own 50 MB block cache and up to three 16 MB memtables, so memory grows with the
 * partition count and is not bounded. Here all stores share one LRU block cache of
 * {@code incidentfeeds.rocksdb.memory.bytes} (default 64 MiB), and their memtables are charged to
 * that same cache through a write-buffer manager (half of it at most), as are index and filter
 * blocks (pinned at high priority, so that reads do not thrash). The limit is not strict: under a
 * burst RocksDB may go over it for a while rather than fail a read or a write, which would stop the
 * stream thread (a strict cache fails inserts once pinned blocks and memtables fill it).
 *
 * <p>The write-buffer manager's limit is a backstop, not the way memtables are meant to flush: once
 * it is reached, RocksDB flushes a memtable of whichever store writes next, however small
 * (facebook/rocksdb#15047), and the stores then make many small files that their compactions keep
 * merging. With a quarter of 64 MiB for memtables and 8 MiB memtables, RocksDB's background threads
 * took more than half a core of two, and reconciliation lost about a third of its throughput. So each
 * memtable is a sixteenth of the budget ({@link #memtableBytes}, at most 8 MiB): the busy stores of
 * {@value #BUSY_STORES} partitions (one {@code reconcile-incidents} each; a tombstone store writes
 * once per deletion) fill theirs and flush them before the shared limit. From 128 MiB on memtables
 * stay at 8 MiB, so a larger budget fits more busy stores ({@link #busyStoresFitting}; 256 MiB: 13),
 * for an instance that owns more partitions. When more {@code reconcile-incidents} stores are open in
 * the JVM than the budget fits, a warning says so, once per store opened past it.
 *
 * <p>Set it in the processor's settings as {@code kafka.incidentfeeds.rocksdb.memory.bytes} (the
 * {@code kafka.} prefix passes it through to Kafka Streams, which hands it to this class). The
 * first store opened fixes the size for the JVM.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    public static final String MEMORY_BYTES = "incidentfeeds.rocksdb.memory.bytes";
    static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;
    /** High-priority share of the cache for index and filter blocks. */
    private static final double INDEX_FILTER_RATIO = 0.1;
    private static final long MAX_MEMTABLE_BYTES = 8L * 1024 * 1024;
    /** How many stores may fill their memtables at once, at any budget, before the shared limit makes them flush early. */
    static final int BUSY_STORES = 6;

    private static final Logger LOG = LoggerFactory.getLogger(BoundedMemoryRocksDBConfig.class);
    /** {@code reconcile-incidents} stores open in this JVM: one per partition its stream threads own. */
    private static final AtomicInteger OPEN_BUSY_STORES = new AtomicInteger();

    /** Shared by every store of the JVM; never closed (it lives as long as the JVM). */
    private static Shared shared;

    record Shared(long bytes, Cache cache, WriteBufferManager writeBuffers) {
    }

    static synchronized Shared shared(long bytes) {
        if (shared == null) {
            Cache cache = new LRUCache(bytes, -1, false, INDEX_FILTER_RATIO);
            shared = new Shared(bytes, cache, new WriteBufferManager(memtablesBytes(bytes), cache));
        }
        return shared;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared memory = shared(memoryBytes(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setWriteBufferSize(memtableBytes(memory.bytes()));
        options.setMaxWriteBufferNumber(2);
        if (storeName.equals(ReconcileStep.STORE)) {
            String warning = tooManyBusyStores(OPEN_BUSY_STORES.incrementAndGet(), memory.bytes());
            if (warning != null) {
                LOG.warn(warning);
            }
        }
    }

    /**
     * How many busy stores fill their memtables before the write-buffer manager's limit: RocksDB asks
     * for a flush once all memtables pass 7/8 of it.
     */
    static int busyStoresFitting(long budget) {
        return (int) ((memtablesBytes(budget) * 7 / 8 - 1) / memtableBytes(budget));
    }

    /** A warning when {@code open} busy stores are more than the budget fits; null otherwise. */
    static String tooManyBusyStores(int open, long budget) {
        int fitting = busyStoresFitting(budget);
        if (open <= fitting) {
            return null;
        }
        return String.format(Locale.ROOT, "%d %s stores are open in this JVM, more than the %d whose memtables the RocksDB "
                + "budget of %d MiB lets fill before its shared limit: RocksDB will flush small memtables early and compact more "
                + "(stream-processor/README.md, \"RocksDB memory\"). Raise kafka.%s, or run more instances.",
                open, ReconcileStep.STORE, fitting, budget / (1024 * 1024), MEMORY_BYTES);
    }

    /** The write-buffer manager's limit: what all memtables of the JVM may take of the budget. */
    static long memtablesBytes(long budget) {
        return budget / 2;
    }

    /** One memtable: small enough that {@value #BUSY_STORES} stores' fill up before the manager's limit. */
    static long memtableBytes(long budget) {
        return Math.min(MAX_MEMTABLE_BYTES, budget / 16);
    }

    static long memoryBytes(Map<String, Object> configs) {
        Object value = configs.get(MEMORY_BYTES);
        if (value == null) {
            return DEFAULT_MEMORY_BYTES;
        }
        long bytes = Long.parseLong(value.toString().trim());
        if (bytes < 1024 * 1024) {
            throw new IllegalArgumentException(MEMORY_BYTES + " must be at least 1 MiB: " + bytes);
        }
        return bytes;
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store of the JVM: not closed here.
        if (storeName.equals(ReconcileStep.STORE)) {
            OPEN_BUSY_STORES.decrementAndGet();
        }
    }

    /** {@code reconcile-incidents} stores configured here and not closed since. */
    static int openBusyStores() {
        return OPEN_BUSY_STORES.get();
    }
}
