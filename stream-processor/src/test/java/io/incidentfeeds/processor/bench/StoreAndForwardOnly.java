package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.normalize.NormalizedEditJson;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * What reconciliation's Kafka side costs without any reconciliation: per edit, the incident's
 * value is read from a store like reconciliation's (persistent, cached, changelogged), the edit's
 * JSON (the stand-in step's bytes) is written back to it and forwarded to the reconciled topic.
 * No state is decoded, nothing decided or rendered. Its throughput against validate + normalize
 * is the best any reconcile step with a changelogged store per incident could reach here.
 * {@code --reconciliation io.incidentfeeds.processor.bench.StoreAndForwardOnly}.
 */
public final class StoreAndForwardOnly implements LastStep {

    private static final String STORE = "store-and-forward";

    private record Supplier() implements ProcessorSupplier<String, NormalizedEdit, String, byte[]> {

        @Override
        public Processor<String, NormalizedEdit, String, byte[]> get() {
            return new IncidentBytesProcessor(STORE) {
                @Override
                public void process(Record<String, NormalizedEdit> record) {
                    byte[] json = NormalizedEditJson.toBytes(record.value());
                    store.get(record.key()); // read, as reconciliation reads the incident's state
                    store.put(record.key(), json);
                    context.forward(record.withValue(json));
                }
            };
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(IncidentBytesProcessor.store(STORE));
        }
    }

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        editsByIncident.process(new Supplier(), Named.as("store-and-forward"))
                .to(context.processor().topics().reconciled(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("store-and-forward-sink"));
    }
}
