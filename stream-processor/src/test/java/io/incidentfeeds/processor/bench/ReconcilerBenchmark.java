package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.Edit;
import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.reconcile.Reconciler;
import io.incidentfeeds.processing.state.IncidentStateSerde;
import io.incidentfeeds.processing.validation.RawTelemetry;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processing.validation.TimestampWindow;
import io.incidentfeeds.processor.reconcile.EditWorkload;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reconcile step alone, per edit, without Kafka: what {@code ReconcileProcessor} does with an
 * edit between the store's get and put when the incident's state is held decoded (the edit's
 * canonical values, the reconciliation and the rendering of the version and its conflict records,
 * the state written). Maps stand in for the decoded states and the store. The edits are those of
 * the throughput benchmark's edits workload (three agencies, {@code concurrent} of them made
 * without the others' latest), validated and normalized in the set-up (10 per incident, as in the
 * throughput run); at the end of the list the maps are emptied and the history replays, many times
 * per iteration. With {@code holdDecoded=false} each edit's state is read from its bytes instead, as
 * the step does with {@code reconciliation.state-cache.incidents=0}.
 * {@link CpuClock} prints the thread's CPU time per operation beside the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class ReconcilerBenchmark {

    @Param({"2000"})
    public int incidents;

    @Param({"20000"})
    public int edits;

    @Param({"0.2"})
    public double concurrent;

    /** Whether states are held decoded between edits (the step's default) or read from their bytes for every edit. */
    @Param({"true"})
    public boolean holdDecoded;

    private final Reconciler reconciler = new Reconciler();
    private final List<NormalizedEdit> history = new ArrayList<>();
    private final Map<String, IncidentState> decoded = new HashMap<>();
    private final Map<String, byte[]> store = new HashMap<>();
    private int next;

    @Setup
    public void setUp() {
        Instant start = Instant.now().minus(Duration.ofHours(1));
        EditWorkload workload = new EditWorkload(42, "INC-BENCH", incidents, concurrent, start, Duration.ofMillis(1));
        TelemetryValidator validator = new TelemetryValidator(TimestampWindow.DEFAULT);
        EditNormalizer normalizer = new EditNormalizer(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER));
        for (int i = 0; i < edits; i++) {
            EditWorkload.Raw raw = workload.next();
            try {
                RawTelemetry telemetry = new RawTelemetry(raw.mqttTopic(), raw.payload(), null, Instant.ofEpochMilli(raw.timestamp()));
                history.add(normalizer.normalize(validator.validate(telemetry), new SourcePosition("incidents.raw", 0, i)).edit());
            } catch (Exception e) {
                throw new IllegalStateException("the workload's edits are all valid", e);
            }
        }
    }

    @Benchmark
    public Object reconcile(CpuClock clock) {
        clock.ops++;
        if (next == history.size()) {
            next = 0;
            decoded.clear();
            store.clear();
        }
        NormalizedEdit edit = history.get(next++);
        String incident = edit.edit().incidentId();
        IncidentState state = holdDecoded ? decoded.computeIfAbsent(incident, id -> new IncidentState()) : read(incident);
        Reconciler.Applied outcome = reconciler.apply(state, Edit.of(edit));
        if (outcome.kind() != Reconciler.Kind.DUPLICATE) {
            store.put(incident, IncidentStateSerde.toBytes(state));
        }
        return outcome;
    }

    private IncidentState read(String incident) {
        byte[] stored = store.get(incident);
        return stored == null ? new IncidentState() : IncidentStateSerde.fromBytes(stored);
    }
}
