package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.access.ViewerFilter;
import io.incidentfeeds.afteraction.asof.AsOf;
import io.incidentfeeds.afteraction.asof.PictureDiff;
import io.incidentfeeds.afteraction.read.Instants;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code diff --before T1 --after T2}: what changed between two pictures known at two instants; or
 * {@code diff --topics A,B [--at T]}: how two topics of versions differ (a reprocess's output against the
 * live one), each topic's picture being its last version of each incident stamped at or before T.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What changed between the pictures known at two instants, or between two topics of versions, by incident and field (NDJSON).",
                "%nWith --before: both pictures are recomputed from the raw topic as as-of --known-at computes them, each from the",
                "processor's nearest checkpoint at or before its instant (--from-start: from the raw topic's start).",
                "With --topics: each topic's last version of each incident stamped at or before --at (a compacted topic holds only",
                "its latest versions, so for an instant in the past give history topics). Deleted incidents count as absent."})
final class DiffCommand extends ReviewCommand {

    @Option(names = "--before", paramLabel = "<time>", description = "RFC 3339, now, or relative (-6h, -30m).")
    String before;

    @Option(names = "--topics", split = ",", paramLabel = "<topic>", description = "Two topics of versions to compare (reconciled or history), before then after.")
    List<String> topics;

    @Option(names = "--at", defaultValue = "now", paramLabel = "<time>", description = "With --topics: the instant of both pictures (default: ${DEFAULT-VALUE}).")
    String at;

    @Option(names = "--after", defaultValue = "now", paramLabel = "<time>", description = "default: ${DEFAULT-VALUE}")
    String after;

    @Mixin
    CheckpointOptions start;

    @Override
    public Integer call() {
        if ((before == null) == (topics == null)) {
            throw new ReviewException(ExitCode.USAGE, "give either --before (two instants) or --topics A,B (two topics of versions)");
        }
        if (topics != null) {
            return betweenTopics();
        }
        Instant now = Instant.now();
        Instant from = Instants.parse("--before", before, now);
        Instant to = Instants.parse("--after", after, now);
        if (to.isBefore(from)) {
            throw new ReviewException(ExitCode.BAD_WINDOW, "the instants are inverted: --after " + to + " is before --before " + from);
        }
        KafkaSource source = source();
        source.describe(List.of(connection.raw));
        checkRetained(source, "--before", from);
        AsOf asOf = asOf(source, start).sharing(2); // both pictures are held at once
        ViewerFilter filter = viewer.filter();
        try (AsOf.Result first = asOf.knownAt(connection.raw, from); AsOf.Result second = asOf.knownAt(connection.raw, to)) {
            print(filter.visible(first.versions()), filter.visible(second.versions()), from + " and " + to);
            spec.commandLine().getErr().printf("before: %d raw records read %s; after: %d read %s%n", first.records(), first.startedFrom(),
                    second.records(), second.startedFrom());
            spilled(first, second);
        }
        spec.commandLine().getErr().flush();
        return 0;
    }

    private int betweenTopics() {
        if (topics.size() != 2) {
            throw new ReviewException(ExitCode.USAGE, "--topics takes exactly two topics, before then after; got " + topics.size());
        }
        Instant instant = Instants.parse("--at", at, Instant.now());
        KafkaSource source = source();
        source.describe(topics);
        ViewerFilter filter = viewer.filter();
        print(filter.visible(lastVersions(source, topics.get(0), instant).entrySet().iterator()),
                filter.visible(lastVersions(source, topics.get(1), instant).entrySet().iterator()),
                topics.get(0) + " and " + topics.get(1) + " at " + instant);
        return 0;
    }

    /** Each incident's last version in {@code topic} stamped at or before {@code instant}; a tombstone removes it. */
    private static SortedMap<String, byte[]> lastVersions(KafkaSource source, String topic, Instant instant) {
        SortedMap<String, byte[]> last = new ConcurrentSkipListMap<>(); // partitions may be read in parallel; an incident stays in one
        long cut = instant.toEpochMilli();
        source.readAll(topic, r -> {
            if (r.key() == null || r.timestamp() > cut) {
                return;
            }
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                last.remove(id);
            } else {
                last.put(id, r.value());
            }
        });
        return last;
    }

    /** The two pictures (in incident id order) merge-joined, each differing incident's line written as it is found. */
    private void print(Iterator<Map.Entry<String, ReconciledIncident>> before, Iterator<Map.Entry<String, ReconciledIncident>> after,
                       String between) {
        readsDone();
        PrintWriter out = spec.commandLine().getOut();
        long differ = PictureDiff.between(before, after, "before", "after", line -> out.println(ContractJson.mapper().writeValueAsString(line)));
        out.flush();
        spec.commandLine().getErr().printf("%d incidents differ between %s%n", differ, between);
        spec.commandLine().getErr().flush();
    }
}
