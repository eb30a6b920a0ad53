package io.incidentfeeds.schemas;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * The fuzzing rule "an input that takes over a second is a finding" (docs/fuzzing.md), measured on
 * the calling thread's CPU clock: on a loaded machine the wall clock would report inputs that only
 * waited for a core. An input over budget is run once more and only a finding when it is slow
 * again: the first run of a code path pays for class loading and Jazzer's instrumentation of it.
 * libFuzzer's wall-clock {@code -timeout} stays as the backstop for hangs.
 * Shared with the fuzz tests of processing-core and ws-edge through this module's test-jar.
 */
public final class CpuBudget {

    /** CPU time one fuzz input may take. */
    public static final long PER_INPUT_NANOS = 1_000_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuBudget() {
    }

    /**
     * Runs {@code work}, which must be repeatable (a pure function of its input); an
     * {@link AssertionError} when it took more than a second of CPU twice in a row.
     */
    public static <T> T within(Supplier<T> work) {
        long start = THREADS.getCurrentThreadCpuTime();
        T result = work.get();
        if (THREADS.getCurrentThreadCpuTime() - start <= PER_INPUT_NANOS) {
            return result;
        }
        long again = THREADS.getCurrentThreadCpuTime();
        result = work.get();
        long used = THREADS.getCurrentThreadCpuTime() - again;
        if (used > PER_INPUT_NANOS) {
            throw new AssertionError("one input took " + used / 1_000_000 + " ms of CPU, over the budget of "
                    + PER_INPUT_NANOS / 1_000_000 + " ms");
        }
        return result;
    }
}
