package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
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
 * A benchmark step with reconciliation's shape and none of its reconciling, to measure what some
 * part of a reconcile step costs in place: per edit, the incident's value read from and written to
 * a store like reconciliation's (persistent, cached, changelogged), a version forwarded to the
 * reconciled topic for five edits in six and a conflict record to the conflicts topic for one in
 * nine (the shares {@code reconcile.WorkloadSizes} measures on the benchmark's workload), the
 * input's mqtt.* headers dropped as reconciliation drops them. Subclasses say what is stored and
 * what the version is. At each task's close it prints how many edits it took and the versions'
 * mean size, to compare with reconciliation's ({@value #VERSION_BYTES} bytes).
 */
abstract class ReconciliationStandIn implements LastStep {

    /**
     * Reconciliation's mean sizes over the workload's first 100,000 edits (10,000 incidents, 20%
     * concurrent), as {@code reconcile.WorkloadSizes} measures them through the real topology: a
     * state 355 bytes, a version 592 bytes (83% of edits emit one), a conflict record 508 bytes (11.5%).
     */
    static final int STATE_BYTES = 355;
    static final int VERSION_BYTES = 592;
    private static final int CONFLICT_BYTES = 508;

    /** A conflict record, of the mean size; its content is never looked at. */
    private static final byte[] CONFLICT = Filled.text(CONFLICT_BYTES);

    /** What one edit stores and emits. */
    record Output(byte[] state, byte[] version) {
    }

    /**
     * The state to store for {@code edit} given the stored one ({@code null} for a new incident),
     * and the version to forward ({@code null} when {@code emits} is false).
     */
    abstract Output handle(NormalizedEdit edit, byte[] stored, boolean emits);

    private String name() {
        return getClass().getSimpleName();
    }

    private final class Supplier implements ProcessorSupplier<String, NormalizedEdit, String, byte[]> {

        @Override
        public Processor<String, NormalizedEdit, String, byte[]> get() {
            return new IncidentBytesProcessor(name()) {
                private long edits;
                private long versionBytes;

                @Override
                public void process(Record<String, NormalizedEdit> record) {
                    edits++;
                    boolean emits = edits % 6 != 0;
                    Output output = handle(record.value(), store.get(record.key()), emits);
                    store.put(record.key(), output.state());
                    Record<String, byte[]> out = record.withValue((byte[]) null).withHeaders(new RecordHeaders());
                    if (emits) {
                        versionBytes += output.version().length;
                        context.forward(out.withValue(output.version()));
                    }
                    if (edits % 9 == 0) {
                        context.forward(out.withValue(CONFLICT));
                    }
                }

                @Override
                public void close() {
                    long versions = edits - edits / 6;
                    if (versions > 0) {
                        System.err.printf("%s, task %s: %,d edits, versions %,d bytes on average%n",
                                name(), context.taskId(), edits, versionBytes / versions);
                    }
                }
            };
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(IncidentBytesProcessor.store(name()));
        }
    }

    @Override
    public final void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        Produced<String, byte[]> bytes = Produced.with(Serdes.String(), Serdes.ByteArray());
        editsByIncident.process(new Supplier(), Named.as(name()))
                .split(Named.as(name() + "-"))
                .branch((key, value) -> value == CONFLICT,
                        Branched.withConsumer(conflicts -> conflicts.to(context.processor().topics().conflicts(), bytes.withName("conflicts-sink")),
                                "conflicts"))
                .defaultBranch(Branched.withConsumer(versions -> versions.to(context.processor().topics().reconciled(), bytes.withName("reconciled-sink")),
                        "reconciled"));
    }

    /** Fixed arrays standing in for JSON and state bytes. */
    static final class Filled {

        private Filled() {
        }

        static byte[] text(int size) {
            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) ('a' + i % 26); // text-like, as the JSON it stands for
            }
            return bytes;
        }
    }
}
