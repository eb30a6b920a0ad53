package io.incidentfeeds.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.localstack.tokens.DemoTokenFile;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The field simulator's scenario, published over MQTT into the whole pipeline: every message is
 * accounted for, and every agency's console sees exactly the incidents it is entitled to, in their
 * final reconciled state.
 */
@ExtendWith(SharedPipeline.class)
class PipelineEndToEndTest {

    private static final List<String> AGENCIES = List.of("sffd", "sf-ems", "sfpd", "sfpw", "smcfire");

    @Test
    void everyPublishedMessageIsAccountedForAndEveryConsoleSeesWhatItIsEntitledTo(Stack pipeline) throws Exception {
        ScenarioRun run = new ScenarioRun(1001).publish(pipeline, 600, 150, i -> { });

        PipelineAccounting.Report report = Settle.accounting(pipeline.bootstrapServers(), run, Duration.ofMinutes(2));

        assertThat(report.unaccounted()).as(report.line()).isEmpty();
        assertThat(report.deadLettered().keySet()).as("every kind of bad record the simulator sends")
                .containsAll(run.ledger.badByReason().keySet());
        assertThat(run.ledger.badByReason().keySet()).contains(DlqReason.SCHEMA_VIOLATION, DlqReason.MALFORMED_JSON);

        DemoTokenFile tokens = new DemoTokenFile(pipeline.settings().jwtSecret(), Duration.ofHours(1));
        Map<String, String> consoles = new TreeMap<>();
        for (String agency : AGENCIES) {
            consoles.put(agency, tokens.mint(agency, List.of("dispatcher"), Instant.now()));
        }
        consoles.put("eoc", tokens.mint("oes", List.of("eoc"), Instant.now()));

        // The processor may still be working through the run: compare until the pipeline is quiet.
        Map<String, Map<String, Long>> expected = Map.of();
        Map<String, Map<String, Long>> seen = Map.of();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, ReconciledIncident> live = Entitlements.liveIncidents(pipeline.bootstrapServers(), run.incidents());
            expected = new TreeMap<>();
            seen = new TreeMap<>();
            for (Map.Entry<String, String> console : consoles.entrySet()) {
                boolean eoc = console.getKey().equals("eoc");
                Map<String, Long> versions = new TreeMap<>();
                Entitlements.entitled(console.getKey(), eoc, live).forEach(id -> versions.put(id, live.get(id).reconciliation().version()));
                expected.put(console.getKey(), versions);
                seen.put(console.getKey(), viewOfRun(pipeline, console.getValue(), run.incidents()));
            }
            if (seen.equals(expected) && live.size() > 20) {
                break;
            }
            Thread.sleep(1_000);
        }
        assertThat(expected.get("eoc")).as("live incidents of the run").hasSizeGreaterThan(20);
        for (String console : consoles.keySet()) {
            assertThat(seen.get(console)).as("what %s's console sees (incident -> version)", console).isEqualTo(expected.get(console));
        }
    }

    /** This run's incidents in a console's view, through the edge's HTTP API: id -> version. */
    private static Map<String, Long> viewOfRun(Stack pipeline, String token, Set<String> ofRun) throws Exception {
        try {
            Map<String, Long> view = new TreeMap<>(EdgeHttp.view(pipeline.consoleUrl(), token));
            view.keySet().retainAll(ofRun);
            return view;
        } catch (java.net.http.HttpTimeoutException slow) {
            return Map.of(); // a loaded machine: the next round asks again
        }
    }
}
