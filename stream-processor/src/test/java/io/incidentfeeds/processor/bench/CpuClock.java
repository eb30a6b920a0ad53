package io.incidentfeeds.processor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The benchmark thread's CPU time per operation, beside JMH's wall-clock score: on a machine whose
 * two cores are shared with other work, a thread gets a fraction of a core and the wall-clock
 * time per operation grows with the load, while its CPU time per operation barely moves. Each
 * benchmark method counts its operations ({@link #ops}); after the trial a line
 * {@code cpu-time <benchmark> <params>: <median> us/op} is printed with every measurement
 * iteration's figure.
 */
@State(Scope.Thread)
public class CpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long ops;
    private long startedNanos;
    private boolean measuring;
    private final List<Double> microsPerOp = new ArrayList<>();

    @Setup(Level.Iteration)
    public void start(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        ops = 0;
        startedNanos = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
        long used = THREADS.getCurrentThreadCpuTime() - startedNanos;
        if (measuring && ops > 0) {
            microsPerOp.add(used / 1e3 / ops);
        }
    }

    @TearDown(Level.Trial)
    public void report(BenchmarkParams benchmark) {
        List<Double> sorted = microsPerOp.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return;
        }
        StringBuilder params = new StringBuilder();
        for (String key : benchmark.getParamsKeys()) {
            params.append(key).append('=').append(benchmark.getParam(key)).append(' ');
        }
        System.out.printf(Locale.ROOT, "cpu-time %s %s: %.2f us/op (iterations: %s)%n", benchmark.getBenchmark(), params.toString().trim(),
                sorted.get(sorted.size() / 2), microsPerOp.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }
}
