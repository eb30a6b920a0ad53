package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.state.DecodedStates;
import io.incidentfeeds.processing.state.IncidentStateSerde;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.EditOp;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decoded states are a copy of the store and never more: the reconcile step reads the store
 * again after Kafka Streams initializes it again (as after a restore or a revived task), and a
 * state it forgets is read back from the store.
 */
class DecodedStatesTest {

    private static final String FIRE = "INC-2026-0200";

    private final MockProcessorContext<String, ReconcileOutput> context = new MockProcessorContext<>();
    private KeyValueStore<String, byte[]> incidents;
    private ReconcileProcessor processor;

    @BeforeEach
    void setUp() {
        incidents = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ReconcileStep.STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        KeyValueStore<String, String> tombstones = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ReconcileStep.TOMBSTONES),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        incidents.init(context.getStateStoreContext(), incidents);
        tombstones.init(context.getStateStoreContext(), tombstones);
        context.addStateStore(incidents);
        context.addStateStore(tombstones);
        processor = new ReconcileProcessor(ReconcileSettings.from(new Properties()), new ReconcileMetrics(new SimpleMeterRegistry()), null);
        processor.init(context);
    }

    @Test
    void aStoreRestoredToAnEarlierPointIsReadAgainOnceTheStepIsInitializedAgain() {
        processor.process(edit("sffd", 1, Severity.MODERATE));
        assertThat(versions()).containsExactly(1L);

        // The store goes back to before the edit (a task revived from an earlier changelog
        // position); Kafka Streams then initializes the step again before any record.
        incidents.delete(FIRE);
        processor.init(context);
        processor.process(edit("sffd", 1, Severity.MODERATE));

        assertThat(versions()).as("the edit is new to the restored store, not a duplicate of a remembered state")
                .containsExactly(1L, 1L);
    }

    @Test
    void anIncidentEditedAgainIsReconciledAgainstItsLatestState() {
        processor.process(edit("sffd", 1, Severity.MODERATE));
        processor.process(edit("sffd", 2, Severity.SEVERE));
        processor.process(edit("sffd", 2, Severity.SEVERE)); // a redelivery

        assertThat(versions()).containsExactly(1L, 2L);
        assertThat(IncidentStateSerde.fromBytes(incidents.get(FIRE)).version()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedStateGoesFirst() {
        DecodedStates states = new DecodedStates(2);
        IncidentState a = new IncidentState();
        IncidentState b = new IncidentState();
        states.put("a", a);
        states.put("b", b);
        states.get("a");
        states.put("c", new IncidentState());

        assertThat(states.get("a")).isSameAs(a);
        assertThat(states.get("b")).isNull();
        assertThat(states.size()).isEqualTo(2);
        assertThat(new DecodedStates(0)).satisfies(none -> {
            none.put("a", a);
            assertThat(none.get("a")).isNull();
        });
    }

    @Test
    void theCacheSizeIsAWholeNumber() {
        Properties settings = new Properties();
        settings.setProperty(ReconcileSettings.CACHED_STATES, "many");
        assertThatThrownBy(() -> ReconcileSettings.from(settings)).hasMessageContaining(ReconcileSettings.CACHED_STATES);
        settings.setProperty(ReconcileSettings.CACHED_STATES, "-1");
        assertThatThrownBy(() -> ReconcileSettings.from(settings)).hasMessageContaining("0 or more");
        settings.setProperty(ReconcileSettings.CACHED_STATES, " 0 ");
        assertThat(ReconcileSettings.from(settings).cachedStates()).isZero();
    }

    private List<Long> versions() {
        return context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(ReconcileOutput.Reconciled.class::isInstance)
                .map(out -> ReconciledIncident.fromJson(((ReconcileOutput.Reconciled) out).json())
                        .reconciliation().version())
                .toList();
    }

    private static Record<String, NormalizedEdit> edit(String agency, long seq, Severity severity) {
        Instant at = Instant.parse("2026-11-22T10:00:00Z").plusSeconds(seq);
        Telemetry telemetry = new Telemetry(FIRE, agency, "fire", IncidentStatus.ACTIVE, severity, at, seq,
                new TreeMap<>(Map.of(agency, seq)), EditOp.UPSERT, new TreeMap<>(), null, null);
        NormalizedEdit edit = new NormalizedEdit(telemetry, List.of(), List.of(), new SourcePosition("incidents.raw", 0, seq));
        return new Record<>(FIRE, edit, at.toEpochMilli());
    }
}
