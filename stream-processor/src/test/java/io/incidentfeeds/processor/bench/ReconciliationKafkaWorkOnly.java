package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processor.normalize.NormalizedEdit;
import io.incidentfeeds.processor.topology.ReconciliationStep;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The Kafka work reconciliation does per edit, with the sizes it writes on the benchmark's workload,
 * and none of its own work: the incident's value read from and written to a store like
 * reconciliation's (persistent, cached, changelogged), a version forwarded to the reconciled topic
 * for five edits in six and a conflict record to the conflicts topic for one in nine, the input's
 * mqtt.* headers dropped as reconciliation drops them. Nothing is serialized, decoded, decided or
 * rendered: the values are fixed arrays. Unlike {@link StoreAndForwardOnly}, which also serializes
 * each edit, its throughput against validate + normalize is the ceiling for any reconcile step
 * that keeps the state store. {@code --reconciliation ...bench.ReconciliationKafkaWorkOnly}.
 *
 * <p>The sizes are the means {@code reconcile.WorkloadSizes} measures over the workload's first
 * 100,000 edits (10,000 incidents, 20% concurrent) through the real topology: a state 355 bytes, a
 * version 592 bytes (83% of edits emit one), a conflict record 508 bytes (11.5%).
 */
public final class ReconciliationKafkaWorkOnly implements ReconciliationStep {

    private static final String STORE = "reconciliation-kafka-work";
    private static final byte[] STATE = filled(355);
    private static final byte[] VERSION = filled(592);
    private static final byte[] CONFLICT = filled(508);

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26); // text-like, as the JSON it stands for
        }
        return bytes;
    }

    private record Supplier() implements ProcessorSupplier<String, NormalizedEdit, String, byte[]> {

        @Override
        public Processor<String, NormalizedEdit, String, byte[]> get() {
            return new IncidentBytesProcessor(STORE) {
                private long edits;

                @Override
                public void process(Record<String, NormalizedEdit> record) {
                    edits++;
                    store.get(record.key());
                    store.put(record.key(), STATE);
                    Record<String, byte[]> out = record.withValue((byte[]) null).withHeaders(new RecordHeaders());
                    if (edits % 6 != 0) {
                        context.forward(out.withValue(VERSION));
                    }
                    if (edits % 9 == 0) {
                        context.forward(out.withValue(CONFLICT));
                    }
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
        Produced<String, byte[]> bytes = Produced.with(Serdes.String(), Serdes.ByteArray());
        editsByIncident.process(new Supplier(), Named.as("reconciliation-kafka-work"))
                .split(Named.as("reconciliation-kafka-work-"))
                .branch((key, value) -> value == CONFLICT,
                        Branched.withConsumer(conflicts -> conflicts.to(context.topics().conflicts(), bytes.withName("conflicts-sink")),
                                "conflicts"))
                .defaultBranch(Branched.withConsumer(versions -> versions.to(context.topics().reconciled(), bytes.withName("reconciled-sink")),
                        "reconciled"));
    }
}
