package io.incidentfeeds.edge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.testing.ConsoleView;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.edge.testing.Metrics;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.testsupport.WithKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A console that stops reading must not hold up one that reads: while the slow one's TCP window
 * is shut, the fast one gets every change; the slow one's queue conflates updates of the same
 * incidents and, once it holds more distinct incidents than its bound (100 on the test edge), the
 * slow console is closed.
 */
@WithKafka
@ExtendWith(SharedEdge.class)
class SlowConsumerTest {

    private static final int PAD = 8_000;
    private static final String FILTER = "{\"agencies\":[\"uniform\"]}";

    @Test
    void aStalledConsoleIsConflatedThenClosedWhileAFastOneGetsEverything(SharedEdge.Edge edge) throws Exception {
        double conflatedBefore = Metrics.value(edge.instance(), "edge_updates_conflated_total", "");
        double slowClosesBefore = Metrics.value(edge.instance(), "edge_closes_total", "reason=\"slow_consumer\"");
        try (TestConsole slow = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("uniform"));
             TestConsole fast = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("uniform"))) {
            for (TestConsole c : List.of(slow, fast)) {
                c.subscribeForSnapshot("incidents", FILTER);
            }
            slow.pause();
            ConsoleView fastView = new ConsoleView(fast);

            // Updates to 50 incidents, 8 KB each: far more than the TCP buffers hold.
            int rounds = 25;
            List<ReconciledIncident> updates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < 50; i++) {
                    updates.add(Incidents.padded(Incidents.simple("SC-" + i, round,
                            round == 1 ? DiffType.CREATE : DiffType.UPDATE, "uniform", "j-uniform", 1, 1), PAD));
                }
            }
            edge.incidents().writeAll(updates);
            // Then 200 more distinct incidents, more than the slow console's queue may hold (100 on
            // the test edge), in steps the fast console takes one at a time.
            for (int step = 0; step < 10; step++) {
                int from = step * 20;
                edge.incidents().writeAll(IntStream.range(from, from + 20)
                        .mapToObj(i -> Incidents.simple("SD-" + i, 1, DiffType.CREATE, "uniform", "j-uniform", 1, 1)).toList());
                fastView.awaitIds("SD-", IntStream.range(0, from + 20).mapToObj(i -> "SD-" + i).collect(Collectors.toSet()));
            }
            fastView.await(() -> fastView.ids("SC-").size() == 50 && fastView.incidents().values().stream()
                            .filter(f -> f.path("id").asString().startsWith("SC-"))
                            .allMatch(f -> f.path("reconciliation").path("version").asLong() == rounds),
                    () -> "the fast console has every incident at its last version");
            assertThat(Metrics.value(edge.instance(), "edge_updates_conflated_total", "")).isGreaterThan(conflatedBefore);
            fastView.await(() -> Metrics.value(edge.instance(), "edge_closes_total", "reason=\"slow_consumer\"") > slowClosesBefore,
                    () -> "a slow_consumer close");
            assertThat(Metrics.value(edge.instance(), "edge_updates_dropped_total", "")).isPositive();
            slow.resume();
            // The close comes after what the stalled console's socket buffers already hold (megabytes of
            // 8 KB updates, each parsed and checked against the contract here): a minute, not WAIT.
            slow.awaitClose(Duration.ofMinutes(1));
            assertThat(fast.isClosed()).isFalse();
        }
    }
}
