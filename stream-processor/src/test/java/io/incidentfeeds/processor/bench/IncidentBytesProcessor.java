package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A benchmark step's processor over one store like reconciliation's (persistent, cached,
 * changelogged, bytes by incident), for the steps that stand in for reconciliation's Kafka side.
 */
abstract class IncidentBytesProcessor implements Processor<String, NormalizedEdit, String, byte[]> {

    private final String storeName;
    protected ProcessorContext<String, byte[]> context;
    protected KeyValueStore<String, byte[]> store;

    IncidentBytesProcessor(String storeName) {
        this.storeName = storeName;
    }

    /** The store as reconciliation builds its own: RocksDB, Kafka Streams' record cache, a changelog. */
    static StoreBuilder<KeyValueStore<String, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }
}
