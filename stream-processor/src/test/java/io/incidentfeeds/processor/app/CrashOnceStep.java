package io.incidentfeeds.processor.app;

import io.incidentfeeds.processor.normalize.NormalizedEdit;
import io.incidentfeeds.processor.topology.NormalizedEditsTopicStep;
import io.incidentfeeds.processor.topology.ReconciliationStep;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * A reconciliation step (chosen by {@code reconciliation.step}, after the repartition by incident)
 * that writes the edits to {@code topics.normalized}, and whose stream thread dies, once, of an
 * {@link Error} no exception handler may catch, when it meets the incident {@link #FATAL_INCIDENT}:
 * half a second after the thread's earlier output left for the broker, inside the open
 * transaction.
 */
public final class CrashOnceStep implements ReconciliationStep {

    public static final String FATAL_INCIDENT = "INC-FATAL";
    static final AtomicBoolean CRASHED = new AtomicBoolean();

    /** What kills a stream thread outright: an Error (say, a library's StackOverflowError). */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated stream-thread crash at " + FATAL_INCIDENT);
        }
    }

    @Override
    public void attach(KStream<String, NormalizedEdit> editsByIncident, Context context) {
        new NormalizedEditsTopicStep().attach(editsByIncident.processValues(Crasher::new, Named.as("reconcile-crash-once")), context);
    }

    private static final class Crasher implements FixedKeyProcessor<String, NormalizedEdit, NormalizedEdit> {
        private FixedKeyProcessorContext<String, NormalizedEdit> context;

        @Override
        public void init(FixedKeyProcessorContext<String, NormalizedEdit> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, NormalizedEdit> record) {
            if (record.key().equals(FATAL_INCIDENT) && CRASHED.compareAndSet(false, true)) {
                try {
                    Thread.sleep(500); // let the producer send what this transaction has written so far
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new SimulatedCrash();
            }
            context.forward(record);
        }
    }
}
