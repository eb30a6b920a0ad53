package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.normalize.NormalizedEditJson;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processing.validation.RawTelemetry;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processing.validation.TimestampWindow;
import io.incidentfeeds.processing.validation.ValidatedTelemetry;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The normalizer alone (geometry: range, rounding, validity, winding, bbox; jurisdictions from the
 * demo layer) per validated edit, and the edit's serialization for the next topic. "mix" cycles
 * through the validated records of 1,000 of the benchmark mix (bad ones are dropped by validation,
 * or rejected here, as in the topology). {@link CpuClock} prints the thread's CPU time per operation
 * beside the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class NormalizerBenchmark {

    private static final SourcePosition SOURCE = new SourcePosition("incidents.raw", 0, 0);

    @Param({"point", "polygon-20", "polygon-200", "crescent-200", "mix"})
    public String input;

    private final EditNormalizer normalizer = new EditNormalizer(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER));
    private final List<ValidatedTelemetry> edits = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() {
        RecordMix mix = new RecordMix(42);
        List<RecordMix.Raw> records = switch (input) {
            case "point" -> List.of(mix.pointEdit());
            case "polygon-20" -> List.of(mix.polygonEdit(20));
            case "polygon-200" -> List.of(mix.polygonEdit(200));
            case "crescent-200" -> List.of(mix.crescentEdit(200));
            case "mix" -> mix.next(1000);
            default -> throw new IllegalArgumentException(input);
        };
        TelemetryValidator validator = new TelemetryValidator(TimestampWindow.DEFAULT);
        for (RecordMix.Raw r : records) {
            try {
                edits.add(validator.validate(new RawTelemetry(r.mqttTopic(), r.payload(), null, Instant.ofEpochMilli(r.timestamp()))));
            } catch (RejectedException e) {
                // dead-lettered before normalization, as in the topology
            }
        }
    }

    @Benchmark
    public Object normalize(CpuClock clock) {
        clock.ops++;
        try {
            return normalizer.normalize(edits.get(next++ % edits.size()), SOURCE);
        } catch (RejectedException e) {
            return e.rejection();
        }
    }

    @Benchmark
    public Object normalizeAndSerialize(CpuClock clock) {
        clock.ops++;
        try {
            return NormalizedEditJson.toBytes(normalizer.normalize(edits.get(next++ % edits.size()), SOURCE).edit());
        } catch (RejectedException e) {
            return e.rejection();
        }
    }
}
