package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Reconciliation's step in the topology: supplies {@link ReconcileProcessor} and declares its
 * stores, so the DSL creates them with their changelogs. Settings: {@link ReconcileSettings}, {@link CheckpointSettings};
 * RocksDB memory: {@link BoundedMemoryRocksDBConfig}.
 */
public final class ReconcileStep implements ProcessorSupplier<String, NormalizedEdit, String, ReconcileOutput> {

    public static final String STORE = "reconcile-incidents";
    public static final String TOMBSTONES = "reconcile-tombstones";
    /** Each incident's last version, and the checkpointer's own entries; kept only while checkpoints are on ({@link Checkpointer}). */
    public static final String VERSIONS = "reconcile-versions";

    private final ReconcileSettings settings;
    private final CheckpointSettings checkpoints;
    private final ReconcileMetrics metrics;

    /** {@code settings}: the processor's settings, of which reconciliation reads its own. */
    public ReconcileStep(Properties settings, MeterRegistry registry) {
        this(settings, CheckpointSettings.from(settings), registry);
    }

    /** As {@link #ReconcileStep(Properties, MeterRegistry)}, with the checkpoint settings already read from them. */
    public ReconcileStep(Properties settings, CheckpointSettings checkpoints, MeterRegistry registry) {
        this.settings = ReconcileSettings.from(settings);
        this.checkpoints = checkpoints;
        this.metrics = new ReconcileMetrics(registry);
    }

    @Override
    public Processor<String, NormalizedEdit, String, ReconcileOutput> get() {
        return new ReconcileProcessor(settings, metrics, checkpoints.enabled() ? new Checkpointer(checkpoints, metrics) : null);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        // Values are IncidentStateSerde bytes, (de)serialized by the processor, which also measures
        // their size. The cache spares RocksDB and the changelog the intermediate states of an
        // incident edited several times within one commit interval.
        Set<StoreBuilder<?>> stores = new java.util.HashSet<>(Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TOMBSTONES), Serdes.String(), Serdes.String())));
        if (checkpoints.enabled()) {
            stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VERSIONS), Serdes.String(), Serdes.ByteArray())
                    .withCachingEnabled());
        }
        return stores;
    }
}
