package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processing.validation.RawTelemetry;
import io.incidentfeeds.processing.validation.TelemetrySchema;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processing.validation.TimestampWindow;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import java.time.Instant;
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
import tools.jackson.databind.JsonNode;

/**
 * The validator alone (size, UTF-8, parse, schema, agency, type, timestamp) per raw record, and the
 * schema step two ways: {@link TelemetrySchema} (geometry by its type) and the contract's whole
 * schema ({@link ContractValidator}). Inputs: the benchmark mix's kinds of records; "mix" cycles
 * through 1,000 records of the mix (80% points, 15% polygons, 5% bad). {@link CpuClock} prints the
 * thread's CPU time per operation beside the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class ValidatorBenchmark {

    @Param({"point", "polygon-20", "polygon-200", "mix"})
    public String input;

    private final TelemetryValidator validator = new TelemetryValidator(TimestampWindow.DEFAULT);
    private final TelemetrySchema schema = new TelemetrySchema();
    private List<RecordMix.Raw> records;
    private List<JsonNode> documents;
    private int next;

    @Setup
    public void setUp() {
        RecordMix mix = new RecordMix(42);
        records = switch (input) {
            case "point" -> List.of(mix.pointEdit());
            case "polygon-20" -> List.of(mix.polygonEdit(20));
            case "polygon-200" -> List.of(mix.polygonEdit(200));
            case "mix" -> mix.next(1000);
            default -> throw new IllegalArgumentException(input);
        };
        documents = records.stream().map(r -> {
            try {
                return ContractJson.mapper().readTree(r.payload());
            } catch (RuntimeException e) {
                return ContractJson.mapper().nullNode();
            }
        }).toList();
    }

    @Benchmark
    public Object validate(CpuClock clock) {
        clock.ops++;
        RecordMix.Raw r = records.get(next++ % records.size());
        try {
            return validator.validate(new RawTelemetry(r.mqttTopic(), r.payload(), null, Instant.ofEpochMilli(r.timestamp())));
        } catch (RejectedException e) {
            return e.rejection();
        }
    }

    @Benchmark
    public Object schemaByGeometryType(CpuClock clock) {
        clock.ops++;
        return schema.validate(documents.get(next++ % documents.size()));
    }

    @Benchmark
    public Object schemaWhole(CpuClock clock) {
        clock.ops++;
        return ContractValidator.shared().validate(ContractSchema.TELEMETRY, documents.get(next++ % documents.size()));
    }
}
