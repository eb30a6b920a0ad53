package io.incidentfeeds.afteraction.bench;

import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.testsupport.InJvmKafkaBroker;
import io.incidentfeeds.brokers.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The heap of {@code as-of} under a small bound: {@code --records} raw records (default 200,000: about
 * 20,000 incidents, {@code --active} alive at once), written and processed by the live processor as
 * {@link AfterActionBenchmark} does (its checkpoints {@code --checkpoints} in the data, default 10, the
 * hop margin a twelfth of their interval); then each of
 * {@code as-of --known-at} (from the checkpoints, with its cross-check), {@code --event-time} and
 * {@code --learned-late} at the last record's instant, each in a JVM of its own ({@link Measured}),
 * bounded ({@code --heap}, default 128m, with {@code --memory}, default 32m) and, as the reference in
 * the same run, roomy ({@code --reference-heap} 1g, {@code --reference-memory} 1g: nothing spills),
 * alternated {@code --rounds} times (default 1). Prints each run's exit status, the most heap in use
 * after a collection, the process's CPU per raw record and its ratio to the reference's, and the
 * command's "spilled" lines. Not a test: run by hand (after-action/docs/scale.md).
 */
public final class HeapBoundBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = AfterActionBenchmark.options(args);
        int records = Integer.parseInt(options.getOrDefault("records", "200000"));
        int active = Integer.parseInt(options.getOrDefault("active", "2000"));
        int partitions = 6;
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
        String heap = options.getOrDefault("heap", "128m");
        String memory = options.getOrDefault("memory", "32m");
        String referenceHeap = options.getOrDefault("reference-heap", "1g");
        String referenceMemory = options.getOrDefault("reference-memory", "1g");
        int checkpoints = Integer.parseInt(options.getOrDefault("checkpoints", "10"));
        Path work = Files.createTempDirectory("after-action-heap");
        try (InJvmKafkaBroker kafka = InJvmKafkaBroker.start()) {
            String raw = kafka.createTopic(KafkaBroker.uniqueName("heap-raw"), partitions, Map.of("message.timestamp.type", "LogAppendTime",
                    "retention.ms", "-1"));
            Instant[] span = new Instant[2];
            long incidents = AfterActionBenchmark.produce(kafka, raw, records, active, span);
            Duration interval = Duration.ofMillis(Math.max(12, Duration.between(span[0], span[1]).toMillis() / checkpoints));
            String[] topics = {raw, raw + "-dlq", raw + "-reconciled", raw + "-history", raw + "-conflicts", raw + "-checkpoints"};
            AfterActionBenchmark.processor(kafka, work, topics, partitions, "768m", interval, 1);
            Instant last = span[1];
            System.out.printf(Locale.ROOT, "%,d raw records of %,d incidents processed; the instant: %s%n", records, incidents, last);
            List<String> connection = new ArrayList<>(List.of("--bootstrap", kafka.bootstrapServers(), "--raw-topic", topics[0], "--dlq-topic",
                    topics[1], "--reconciled-topic", topics[2], "--history-topic", topics[3], "--conflicts-topic", topics[4],
                    "--checkpoints-topic", topics[5], "--hop-margin", interval.dividedBy(12).toString()));
            String at = TelemetryCodec.formatTimestamp(last);
            connection.addAll(List.of("--format", "ndjson", "--timeout", "60", "--quiet", "--spill-dir", work.toString()));
            Map<String, List<String>> questions = Map.of("known-at", List.of("as-of", "--known-at", at), "event-time",
                    List.of("as-of", "--event-time", at), "learned-late", List.of("as-of", "--learned-late", at));
            for (int round = 1; round <= rounds; round++) {
                for (String question : List.of("known-at", "event-time", "learned-late")) {
                    AfterActionBenchmark.Figures bounded = run(work, heap, memory, question, questions.get(question), connection);
                    AfterActionBenchmark.Figures reference = run(work, referenceHeap, referenceMemory, question, questions.get(question), connection);
                    System.out.printf(Locale.ROOT, "round %d, %s: -Xmx%s --memory %s: exit %d, heap after GC at most %d MiB, %.1f us CPU/record "
                                    + "(%.1f s); -Xmx%s --memory %s: exit %d, %d MiB, %.1f us CPU/record (%.1f s); CPU ratio %.2f%n",
                            round, question, heap, memory, bounded.status(), bounded.liveHeap() >> 20, bounded.cpuMicrosPer(records),
                            bounded.wallNanos() / 1e9, referenceHeap, referenceMemory, reference.status(), reference.liveHeap() >> 20,
                            reference.cpuMicrosPer(records), reference.wallNanos() / 1e9,
                            bounded.cpuMicrosPer(records) / reference.cpuMicrosPer(records));
                    Files.readAllLines(work.resolve(question + "-" + memory + ".log")).stream()
                            .filter(l -> l.startsWith("spilled") || l.startsWith("cross-check") || l.startsWith("known at") || l.startsWith("event time")
                                    || l.startsWith("learned late"))
                            .forEach(l -> System.out.println("    " + (l.length() > 200 ? l.substring(0, 200) + "..." : l)));
                }
            }
        }
    }

    private static AfterActionBenchmark.Figures run(Path work, String heap, String memory, String name, List<String> question,
                                                    List<String> connection) throws Exception {
        List<String> args = new ArrayList<>(question);
        args.addAll(connection);
        args.addAll(List.of("--memory", memory));
        return AfterActionBenchmark.measured(work, heap, List.of(), name + "-" + memory, "after-action", args);
    }
}
