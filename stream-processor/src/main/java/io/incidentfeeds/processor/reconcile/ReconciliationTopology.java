package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.processor.normalize.NormalizedEdit;
import io.incidentfeeds.processor.topology.ReconciliationStep;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Reconciliation as the last step of the processor's topology:
 *
 * <pre>
 * edits-by-incident (key incident_id, repartitioned by it)
 *   -> reconcile      stores reconcile-incidents, reconcile-tombstones (RocksDB, changelogged)   ReconcileProcessor
 *   -> split: versions and forgotten incidents -> incidents.reconciled (key incident_id, compacted; null = forgotten)
 *             conflict records                  -> incidents.conflicts  (key incident_id)
 * </pre>
 *
 * Selected with {@code reconciliation.step=io.incidentfeeds.processor.reconcile.ReconciliationTopology}.
 * Settings: {@link ReconcileSettings}; RocksDB memory: {@link BoundedMemoryRocksDBConfig}.
 */
public final class ReconciliationTopology implements ReconciliationStep {

    public static final String STORE = "reconcile-incidents";
    public static final String TOMBSTONES = "reconcile-tombstones";

    /** Supplies the processor and declares its stores, so the DSL creates both with their changelogs. */
    private record ReconcileSupplier(ReconcileSettings settings, ReconcileMetrics metrics)
            implements ProcessorSupplier<String, NormalizedEdit, String, ReconcileOutput> {

        @Override
        public Processor<String, NormalizedEdit, String, ReconcileOutput> get() {
            return new ReconcileProcessor(settings, metrics);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            // Values are IncidentStateSerde bytes, (de)serialized by the processor, which also measures
            // their size. The cache spares RocksDB and the changelog the intermediate states of an
            // incident edited several times within one commit interval.
            return Set.of(
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                            .withCachingEnabled(),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TOMBSTONES), Serdes.String(), Serdes.String()));
        }
    }

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        ReconcileSupplier supplier = new ReconcileSupplier(ReconcileSettings.from(context.settings()),
                new ReconcileMetrics(context.metrics().registry()));
        Map<String, KStream<String, ReconcileOutput>> outputs = editsByIncident
                .process(supplier, Named.as("reconcile"))
                .split(Named.as("reconcile-output-"))
                .branch((id, out) -> out instanceof ReconcileOutput.Conflict, Branched.as("conflicts"))
                .defaultBranch(Branched.as("reconciled"));
        outputs.get("reconcile-output-reconciled")
                .mapValues(ReconciliationTopology::reconciledValue, Named.as("reconcile-reconciled-value"))
                .to(context.topics().reconciled(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("reconcile-reconciled-sink"));
        outputs.get("reconcile-output-conflicts")
                .mapValues(out -> ((ReconcileOutput.Conflict) out).json(), Named.as("reconcile-conflicts-value"))
                .to(context.topics().conflicts(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("reconcile-conflicts-sink"));
    }

    /** A version's JSON, or null (the compaction tombstone) for a forgotten incident. */
    private static byte[] reconciledValue(ReconcileOutput out) {
        return out instanceof ReconcileOutput.Reconciled reconciled ? reconciled.json() : null;
    }
}
