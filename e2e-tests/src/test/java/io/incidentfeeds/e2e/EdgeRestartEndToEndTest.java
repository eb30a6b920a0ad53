package io.incidentfeeds.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.localstack.tokens.DemoTokenFile;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The edge restarts (SIGTERM, as a rolling deployment does) while consoles of several agencies are
 * connected and field units keep publishing. Each console is closed with 1001, reconnects, resumes
 * from the last position it was given, gets the live edits published once it is back, and ends with
 * exactly the incidents it is entitled to at their final versions, having never seen a version go
 * back or come twice.
 */
@ExtendWith(SharedPipeline.class)
class EdgeRestartEndToEndTest {

    private static final int MESSAGES = 600;
    private static final double RATE = 40;
    private static final int STOP_AT = 100;

    @Test
    void consolesResumeWithoutGapsWhenTheEdgeRestarts(Stack pipeline) throws Exception {
        DemoTokenFile tokens = new DemoTokenFile(pipeline.settings().jwtSecret(), Duration.ofHours(1));
        Instant now = Instant.now();
        List<ResumingConsole> consoles = new ArrayList<>();
        for (String agency : List.of("sffd", "sfpd", "smcfire")) {
            consoles.add(new ResumingConsole(agency, tokens.mint(agency, List.of("dispatcher"), now), pipeline.consoleUrl()));
        }
        consoles.add(new ResumingConsole("eoc", tokens.mint("oes", List.of("eoc"), now), pipeline.consoleUrl()));
        for (ResumingConsole console : consoles) {
            console.connect(Duration.ofSeconds(30));
        }

        // Blocking waits, one thread each: the common pool has a single thread on this machine.
        ExecutorService workers = Executors.newCachedThreadPool();
        try {
            List<Future<Integer>> reconnected = new ArrayList<>();
            for (ResumingConsole console : consoles) {
                CompletableFuture<Integer> closed = console.closed();
                reconnected.add(workers.submit(() -> {
                    int code = closed.get(4, TimeUnit.MINUTES);
                    console.connect(Duration.ofMinutes(4));
                    return code;
                }));
            }
            List<Future<Duration>> restart = new ArrayList<>();
            ScenarioRun run = new ScenarioRun(4001).publish(pipeline, MESSAGES, RATE, i -> {
                if (i == STOP_AT) {
                    restart.add(workers.submit(() -> {
                        pipeline.component("edge").close();
                        return pipeline.restart("edge");
                    }));
                }
            });
            restart.get(0).get(4, TimeUnit.MINUTES);
            for (int i = 0; i < consoles.size(); i++) {
                assertThat(reconnected.get(i).get(4, TimeUnit.MINUTES)).as("%s's close code", consoles.get(i).name).isEqualTo(1001);
            }

            // Then more edits once every console is back: live updates follow the resumed ones.
            ScenarioRun after = new ScenarioRun(4002).publish(pipeline, 120, 60, i -> { });
            Set<String> incidents = new TreeSet<>(run.incidents());
            incidents.addAll(after.incidents());
            for (ScenarioRun each : List.of(run, after)) {
                PipelineAccounting.Report report = Settle.accounting(pipeline.bootstrapServers(), each, Duration.ofMinutes(2));
                assertThat(report.unaccounted()).as(report.line()).isEmpty();
            }

            Map<String, Map<String, Long>> expected = Map.of();
            Map<String, Map<String, Long>> seen = Map.of();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                Map<String, ReconciledIncident> live = Entitlements.liveIncidents(pipeline.bootstrapServers(), incidents);
                expected = new TreeMap<>();
                seen = new TreeMap<>();
                for (ResumingConsole console : consoles) {
                    Map<String, Long> versions = new TreeMap<>();
                    Entitlements.entitled(console.name, console.name.equals("eoc"), live)
                            .forEach(id -> versions.put(id, live.get(id).reconciliation().version()));
                    expected.put(console.name, versions);
                    seen.put(console.name, console.view(incidents));
                }
                if (seen.equals(expected)) {
                    break;
                }
                Thread.sleep(1_000);
            }
            assertThat(expected.get("eoc")).as("live incidents of the run").hasSizeGreaterThan(20);
            for (ResumingConsole console : consoles) {
                assertThat(seen.get(console.name)).as("%s's map (incident -> version) after the restart", console.name)
                        .isEqualTo(expected.get(console.name));
                assertThat(console.violations()).as("%s: versions only increase", console.name).isEmpty();
                assertThat(console.updatesThisConnection()).as("%s: updates after it reconnected", console.name).isPositive();
                assertThat(console.resumed()).as("%s: the edge accepted its resume position", console.name).containsExactly(true);
            }
        } finally {
            consoles.forEach(ResumingConsole::close);
            workers.shutdownNow();
        }
    }
}
