package io.incidentfeeds.e2e.rehearsal;

import io.incidentfeeds.e2e.ScenarioRun;
import io.incidentfeeds.e2e.Settle;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting.Published;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs faults one at a time against a running {@link ScaleOutDeployment} under load: for each, the
 * field scenario is published over MQTT at a steady rate (its own seed, so its own incidents) while
 * the heartbeat ticks and the consoles watch; the fault is injected a fifth of the way in. After
 * each: the accounting of everything published so far (every message reconciled or dead-lettered,
 * each version of each incident once, no gap), every console converged on the last version of each
 * incident it may see, and the longest time any console went without a new heartbeat version.
 */
final class Rehearsal {

    /** What one fault cost and whether everything was accounted for. */
    record Row(String fault, String note, PipelineAccounting.Report report, List<String> unaccounted,
               List<String> notConverged, int reconnections, Duration longestHeartbeatGap) {
    }

    private static final String PROCESSOR_GROUP = "incident-feeds-processor";

    private final ScaleOutDeployment deployment;
    private final ConsoleFleet consoles;
    private final Heartbeat heartbeat;
    private final double rate;
    private final int messagesPerFault;
    private final PrintStream out;
    private final Set<String> incidents = new TreeSet<>();
    private final List<Row> rows = new ArrayList<>();

    Rehearsal(ScaleOutDeployment deployment, ConsoleFleet consoles, Heartbeat heartbeat, double rate, Duration perFault,
              PrintStream out) {
        this.deployment = deployment;
        this.consoles = consoles;
        this.heartbeat = heartbeat;
        this.rate = rate;
        this.messagesPerFault = (int) (rate * perFault.toSeconds());
        this.out = out;
    }

    Row run(Fault fault, long seed) throws Exception {
        out.println("rehearsal: " + fault.name() + " under " + rate + " msg/s");
        consoles.takeLongestGap();
        int disconnectionsBefore = consoles.disconnections();
        CompletableFuture<String> injected = new CompletableFuture<>();
        ScenarioRun run = new ScenarioRun(seed).publish(deployment.mqttUri(), deployment.mqttAccounts().agenciesDir(), messagesPerFault, rate, i -> {
            if (i == messagesPerFault / 5) {
                new Thread(() -> {
                    try {
                        injected.complete(fault.injection().inject(deployment));
                    } catch (Throwable e) {
                        injected.completeExceptionally(e);
                    }
                }, "fault").start();
            }
        });
        String note = injected.get(6, TimeUnit.MINUTES);
        incidents.addAll(run.incidents());
        // The heartbeat goes on while the checker reads incidents.raw and then incidents.reconciled:
        // its newest versions can come from raw records written after raw was read. Those are the
        // read's, not the pipeline's; every heartbeat version is checked once it stops (finish()).
        String race = "incident " + heartbeat.incidentId + " version ";
        Predicate<String> heartbeatRace = u -> u.startsWith(race) && u.endsWith("which is not a distinct edit");
        PipelineAccounting.Report report = Settle.accounting(deployment.bootstrapServers(),
                plus(run.published(), heartbeat.published()), Duration.ofMinutes(3), heartbeatRace);
        List<String> notConverged = new ArrayList<>(awaitProcessorsCaughtUp(Duration.ofMinutes(3)));
        notConverged.addAll(consoles.awaitConverged(deployment.bootstrapServers(), incidents, Duration.ofMinutes(2)));
        notConverged.addAll(consoles.violations());
        List<String> unaccounted = report.unaccounted().stream().filter(heartbeatRace.negate()).toList();
        Row row = new Row(fault.name(), note, report, unaccounted, notConverged, consoles.disconnections() - disconnectionsBefore,
                consoles.takeLongestGap());
        rows.add(row);
        out.printf("rehearsal: %s: %s; %s; unaccounted: %s; not converged: %s; longest heartbeat gap %d ms%n", fault.name(),
                note, report.line(), unaccounted, notConverged, row.longestHeartbeatGap().toMillis());
        return row;
    }

    /**
     * Stops the heartbeat, then checks it like the scenario: each of its edits accounted for, and
     * every console on its last version.
     */
    Row finish() throws Exception {
        consoles.takeLongestGap();
        heartbeat.close();
        PipelineAccounting.Report report = Settle.accounting(deployment.bootstrapServers(), heartbeat.published(), Duration.ofMinutes(2));
        Set<String> all = new TreeSet<>(incidents);
        all.add(heartbeat.incidentId);
        List<String> notConverged = new ArrayList<>(awaitProcessorsCaughtUp(Duration.ofMinutes(2)));
        notConverged.addAll(consoles.awaitConverged(deployment.bootstrapServers(), all, Duration.ofMinutes(1)));
        notConverged.addAll(consoles.violations());
        Row row = new Row("heartbeat stopped", "its last version on every console", report, report.unaccounted(), notConverged,
                0, Duration.ZERO);
        rows.add(row);
        return row;
    }

    /**
     * Waits until the processors' group has consumed everything on its input topics, so that the
     * accounting's edits have all been reconciled (or found unchanged) before the consoles are
     * compared with {@code incidents.reconciled}. The repartition topic is written in transactions,
     * whose last commit marker may stay behind the committed position: one record of lag there is none.
     */
    private List<String> awaitProcessorsCaughtUp(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        try (Admin admin = deployment.kafka().admin()) {
            Map<TopicPartition, Long> lag;
            do {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(PROCESSOR_GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                lag = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
                for (var entry : committed.entrySet()) {
                    long behind = ends.get(entry.getKey()).offset() - entry.getValue().offset();
                    if (behind > (entry.getKey().topic().equals(Topics.RAW) ? 0 : 1)) {
                        lag.put(entry.getKey(), behind);
                    }
                }
                if (!committed.isEmpty() && lag.isEmpty()) {
                    return List.of();
                }
                Thread.sleep(1_000);
            } while (System.nanoTime() < deadline);
            return List.of("processors still behind after " + within + ": " + lag);
        }
    }

    List<Row> rows() {
        return rows;
    }

    /** The table, Markdown. */
    String table() {
        StringBuilder table = new StringBuilder("""
                | fault | recovery | published (dead-lettered) | unaccounted | consoles converged | reconnections | longest heartbeat gap |
                |---|---|---|---|---|---|---|
                """);
        for (Row row : rows) {
            table.append(String.format("| %s | %s | %d (%d) | %d | %s | %d | %s |%n", row.fault(), row.note(),
                    row.report().published(), row.report().deadLetteredTotal(), row.unaccounted().size(),
                    row.notConverged().isEmpty() ? "all" : row.notConverged().size() + " not", row.reconnections(),
                    row.fault().equals("heartbeat stopped") ? "" : String.format("%.1f s", row.longestHeartbeatGap().toMillis() / 1e3)));
        }
        return table.toString();
    }

    private static Published plus(Published a, Published b) {
        Set<String> dots = new TreeSet<>(a.editDots());
        dots.addAll(b.editDots());
        Map<DlqReason, Long> bad = new EnumMap<>(DlqReason.class);
        bad.putAll(a.badByReason());
        b.badByReason().forEach((reason, n) -> bad.merge(reason, n, Long::sum));
        return new Published(a.total() + b.total(), dots, a.duplicates() + b.duplicates(), bad);
    }
}
