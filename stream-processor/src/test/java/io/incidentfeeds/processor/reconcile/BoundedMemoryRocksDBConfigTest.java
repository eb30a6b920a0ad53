package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedMemoryRocksDBConfigTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void theBusyStoresOfSixPartitionsFlushOnTheirOwnBeforeTheSharedLimitAtAnyBudget() {
        // RocksDB's write-buffer manager asks for a flush once its memtables pass 7/8 of its limit;
        // below that, memtables flush when full, at their own size, and the files stay few and large.
        for (long budget = MIB; budget <= 4096 * MIB; budget *= 2) {
            long flushedByTheManagerAt = BoundedMemoryRocksDBConfig.memtablesBytes(budget) * 7 / 8;
            assertThat(BoundedMemoryRocksDBConfig.BUSY_STORES * BoundedMemoryRocksDBConfig.memtableBytes(budget))
                    .as("memtables of %d busy stores at a budget of %d MiB", BoundedMemoryRocksDBConfig.BUSY_STORES, budget / MIB)
                    .isLessThan(flushedByTheManagerAt);
        }
    }

    @Test
    void moreReconcileStoresOpenThanTheBudgetFitsIsWarnedOf() {
        assertThat(BoundedMemoryRocksDBConfig.busyStoresFitting(64 * MIB)).isEqualTo(BoundedMemoryRocksDBConfig.BUSY_STORES);
        assertThat(BoundedMemoryRocksDBConfig.busyStoresFitting(256 * MIB)).isEqualTo(13);
        for (long budget = MIB; budget <= 4096 * MIB; budget *= 2) {
            int fitting = BoundedMemoryRocksDBConfig.busyStoresFitting(budget);
            assertThat((fitting + 1) * BoundedMemoryRocksDBConfig.memtableBytes(budget))
                    .as("one busy store more than fit at %d MiB", budget / MIB)
                    .isGreaterThanOrEqualTo(BoundedMemoryRocksDBConfig.memtablesBytes(budget) * 7 / 8);
        }

        assertThat(BoundedMemoryRocksDBConfig.tooManyBusyStores(6, 64 * MIB)).isNull();
        assertThat(BoundedMemoryRocksDBConfig.tooManyBusyStores(7, 64 * MIB))
                .contains("7 reconcile-incidents stores", "the 6 whose memtables", "budget of 64 MiB", "kafka.incidentfeeds.rocksdb.memory.bytes");
    }

    @Test
    void theReconcileStoresOpenAreCountedAndTheirClosingUncountsThem() {
        RocksDB.loadLibrary();
        BoundedMemoryRocksDBConfig config = new BoundedMemoryRocksDBConfig();
        int before = BoundedMemoryRocksDBConfig.openBusyStores();
        try (Options incidents = new Options().setTableFormatConfig(new BlockBasedTableConfig());
             Options tombstones = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            config.setConfig(ReconcileStep.STORE, incidents, Map.of());
            config.setConfig(ReconcileStep.TOMBSTONES, tombstones, Map.of());
            assertThat(BoundedMemoryRocksDBConfig.openBusyStores()).isEqualTo(before + 1);

            config.close(ReconcileStep.STORE, incidents);
            config.close(ReconcileStep.TOMBSTONES, tombstones);
            assertThat(BoundedMemoryRocksDBConfig.openBusyStores()).isEqualTo(before);
        }
    }

    @Test
    void theDefaultBudgetGivesMemtablesOfFourMiBAndHalfTheBudgetToAllOfThem() {
        assertThat(BoundedMemoryRocksDBConfig.memtableBytes(BoundedMemoryRocksDBConfig.DEFAULT_MEMORY_BYTES)).isEqualTo(4 * MIB);
        assertThat(BoundedMemoryRocksDBConfig.memtablesBytes(BoundedMemoryRocksDBConfig.DEFAULT_MEMORY_BYTES)).isEqualTo(32 * MIB);
    }

    @Test
    void aStoreGetsTwoMemtablesOfTheSizeItsBudgetGives() {
        RocksDB.loadLibrary();
        try (Options options = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            new BoundedMemoryRocksDBConfig().setConfig("reconcile-incidents", options, Map.of());

            // The first store of the JVM fixes the budget (another test may have opened one first).
            long budget = BoundedMemoryRocksDBConfig.shared(BoundedMemoryRocksDBConfig.DEFAULT_MEMORY_BYTES).bytes();
            assertThat(options.writeBufferSize()).isEqualTo(BoundedMemoryRocksDBConfig.memtableBytes(budget));
            assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
            assertThat(((BlockBasedTableConfig) options.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
        }
    }
}
