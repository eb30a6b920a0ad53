package io.incidentfeeds.processor.app;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.NormalizedEditsTopic;
import io.incidentfeeds.processor.topology.IncidentTopology;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The processor's topology up to the placement by incident, then, instead of reconciliation, a step
 * that writes the edits to a topic of normalized edits ({@link NormalizedEditsTopic}), and whose stream thread dies, once, of an
 * {@link Error} no exception handler may catch, when it meets the incident {@link #FATAL_INCIDENT}:
 * half a second after the thread's earlier output left for the broker, inside the open
 * transaction.
 */
public final class CrashOnceStep {

    public static final String FATAL_INCIDENT = "INC-FATAL";
    static final AtomicBoolean CRASHED = new AtomicBoolean();

    /** What kills a stream thread outright: an Error (say, a library's StackOverflowError). */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated stream-thread crash at " + FATAL_INCIDENT);
        }
    }

    private CrashOnceStep() {
    }

    static Topology topology(IncidentTopology processor, String normalizedTopic) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, NormalizedEdit> editsByIncident = processor.inItsIncidentsTask(processor.acceptedEdits(builder));
        NormalizedEditsTopic.write(editsByIncident.processValues(Crasher::new, Named.as("reconcile-crash-once")), normalizedTopic);
        return builder.build();
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
