package io.incidentfeeds.e2e;

import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.time.Duration;
import java.util.function.Predicate;

/** Waits for the pipeline to account for a run (it is asynchronous end to end), then reports. */
public final class Settle {

    private Settle() {
    }

    static PipelineAccounting.Report accounting(String bootstrap, ScenarioRun run, Duration within) throws InterruptedException {
        return accounting(bootstrap, run.published(), within);
    }

    public static PipelineAccounting.Report accounting(String bootstrap, PipelineAccounting.Published published, Duration within)
            throws InterruptedException {
        return accounting(bootstrap, published, within, unaccounted -> false);
    }

    /**
     * As above, but settled as soon as every unaccounted entry left is one the caller expects while
     * its publishers still run (and checks later), instead of waiting out {@code within} for them.
     */
    public static PipelineAccounting.Report accounting(String bootstrap, PipelineAccounting.Published published, Duration within,
                                                       Predicate<String> expectedWhileRunning) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        PipelineAccounting.Report report;
        do {
            report = PipelineAccounting.check(bootstrap, PipelineAccounting.TopicNames.DEFAULTS, published, Duration.ofSeconds(10));
            if (report.unaccounted().stream().allMatch(expectedWhileRunning)) {
                break;
            }
            Thread.sleep(2_000);
        } while (System.nanoTime() < deadline);
        System.out.println(report.line());
        return report;
    }
}
