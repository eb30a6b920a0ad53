package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.access.ViewerFilter;
import io.incidentfeeds.afteraction.asof.AsOf;
import io.incidentfeeds.afteraction.asof.CrossCheck;
import io.incidentfeeds.afteraction.asof.LearnedLate;
import io.incidentfeeds.afteraction.asof.LiveVersions;
import io.incidentfeeds.afteraction.read.Instants;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.history.History;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code as-of --known-at T}: the picture recomputed from the raw topic, checked against the live
 * versions; {@code as-of --event-time T [--horizon H]}: the picture of the edits stamped by T and their
 * causal past, among those received by H (a picture the live pipeline never showed: not checked);
 * {@code as-of --learned-late T [--horizon H]}: where the two differ, by incident and field, and how late
 * the edit that made the difference arrived ({@link LearnedLate}).
 */
@Command(name = "as-of", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The picture known at an instant (--known-at), recomputed from the raw topic and checked against the live "
                + "versions; or the picture of the edits made by an instant (--event-time), among those received by a horizon.",
                "%nEvery raw record appended at or before the instant goes through the processor's own validation, "
                        + "normalization and reconciliation, from the processor's nearest checkpoint at or before it (--from-start: "
                        + "from the raw topic's start); the check against the history topic's versions at the instant (the "
                        + "reconciled topic's surviving ones when there is no history) is on stderr. Deleted incidents are left out.",
                "%n--event-time T: the edits whose own timestamp is at or before T, with their causal past (the edits "
                        + "their clocks say their senders had seen, whatever those were stamped), among those appended by "
                        + "--horizon (default now); from each task's last checkpoint by the horizon whose edits are all stamped "
                        + "by T (--from-start: from the raw topic's start).",
                "%n--learned-late T: every incident and field whose value known at T differs from its value at event time T, "
                        + "with the edit that gave the event-time value: its append time minus its own timestamp (late_by_s) and "
                        + "minus T (after_instant_s)."})
final class AsOfCommand extends ReviewCommand {

    @Option(names = "--known-at", paramLabel = "<time>", description = "What had reached Kafka by then: RFC 3339, now, or relative (-6h, -30m).")
    String knownAt;

    @Option(names = "--event-time", paramLabel = "<time>", description = "The edits stamped by then, with their causal past.")
    String eventTime;

    @Option(names = "--learned-late", paramLabel = "<time>", description = "Every incident and field whose value known at then differs "
            + "from its value at event time then, with the edit that gave the event-time value and how late it arrived.")
    String learnedLate;

    @Option(names = "--horizon", paramLabel = "<time>", description = "With --event-time or --learned-late: only edits appended by then (default: now).")
    String horizon;

    @Option(names = "--format", defaultValue = "geojson", description = "geojson (an RFC 7946 FeatureCollection) or ndjson (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--strict", description = "Exit with status 1 when the picture and the live versions disagree.")
    boolean strict;

    @Mixin
    CheckpointOptions start;

    @Override
    public Integer call() {
        if ((knownAt != null ? 1 : 0) + (eventTime != null ? 1 : 0) + (learnedLate != null ? 1 : 0) != 1) {
            throw new ReviewException(ExitCode.USAGE, "give one of --known-at, --event-time and --learned-late");
        }
        if (horizon != null && knownAt != null) {
            throw new ReviewException(ExitCode.USAGE, "--horizon goes with --event-time or --learned-late");
        }
        Instant now = Instant.now();
        String option = knownAt != null ? "--known-at" : eventTime != null ? "--event-time" : "--learned-late";
        Instant at = Instants.parse(option, knownAt != null ? knownAt : eventTime != null ? eventTime : learnedLate, now);
        Instant until = horizon == null ? now : Instants.parse("--horizon", horizon, now);
        if (knownAt == null && until.isBefore(at)) {
            throw new ReviewException(ExitCode.BAD_WINDOW, "the instants are inverted: --horizon " + until + " is before " + option + " " + at);
        }
        boolean geoJson = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "geojson" -> true;
            case "ndjson" -> false;
            default -> throw new ReviewException(ExitCode.USAGE, "--format " + format + ": choose geojson or ndjson");
        };
        PrintWriter err = spec.commandLine().getErr();
        KafkaSource source = source();
        if (learnedLate != null) {
            source.describe(List.of(connection.raw));
            checkRetained(source, "--learned-late", at);
            LearnedLate.Result result = new LearnedLate(asOf(source, start)).at(connection.raw, at, until, viewer.filter());
            readsDone();
            writeLearnedLate(result, geoJson, spec.commandLine().getOut());
            err.printf("learned late about %s, horizon %s: %d incidents differ (%d fields); known at: %d raw records read, %d refused; "
                    + "event time: %d read, %d refused, %d edits stamped by then and %d more as their causal past; the known-at side %s, "
                    + "the event-time side from the raw topic's start%n", at, until,
                    result.lines().size(), result.lines().stream().mapToInt(l -> l.get("fields").size()).sum(), result.known().records(),
                    result.known().rejected(), result.made().records(), result.made().rejected(),
                    result.made().applied() - result.made().causalPast(), result.made().causalPast(), result.known().startedFrom());
            spilled(result.known(), result.made());
            err.flush();
            return 0;
        }
        if (eventTime != null) {
            source.describe(List.of(connection.raw));
            checkRetained(source, "--event-time", at);
            try (AsOf.Result result = asOf(source, start).eventTime(connection.raw, at, until)) {
                readsDone();
                long[] shown = show(result, geoJson);
                err.printf("event time %s, horizon %s: %s: %d raw records read, %d refused, %d edits stamped by then and %d more as their "
                        + "causal past, %d incidents (%d deleted), %d shown (not checked: the live pipeline never showed this picture)%n",
                        at, until, result.startedFrom(), result.records(), result.rejected(), result.applied() - result.causalPast(), result.causalPast(),
                        result.incidents(), shown[0], shown[1]);
                spilled(result);
            }
            err.flush();
            return 0;
        }
        source.describe(List.of(connection.raw, connection.reconciled));
        checkRetained(source, "--known-at", at);
        String versions = versionsTopic(source);
        boolean everyVersion = versions.equals(connection.history);
        try (AsOf.Result result = asOf(source, start).sharing(2).knownAt(connection.raw, at)) { // the other half: the live picture's sort
            readsDone();
            long[] shown = show(result, geoJson);
            err.printf("known at %s: %s: %d raw records read, %d refused, %d incidents (%d deleted), %d shown%n", at,
                    result.startedFrom(), result.records(), result.rejected(), result.incidents(), shown[0], shown[1]);
            spilled(result);
            History history = connection.history(versions).withHopMargin(start.hopMargin());
            CrossCheck.Result check;
            try (LiveVersions live = LiveVersions.at(history, at, everyVersion ? result.checkpoints() : Map.of(), // the compacted topic: survivors only
                    reading.spill().share(2))) {
                check = CrossCheck.check(result.versions(), live.versions(), at, everyVersion);
            }
            err.printf("cross-check against %s: %d agree, %d differ, %d not checkable (%s)%n", versions, check.agreeing(),
                    check.differences().size(), check.unchecked().size(),
                    everyVersion ? "that version not yet written, or expired" : "that version compacted away, or not yet written");
            check.differences().forEach((id, members) -> err.println("  differs: " + id + ": " + members));
            err.flush();
            return strict && !check.differences().isEmpty() ? ExitCode.DISAGREEMENT.status() : 0;
        }
    }

    /** Writes, as they stream from the picture in id order, its incidents that are not deleted and the viewer may see: {deleted, shown}. */
    private long[] show(AsOf.Result result, boolean geoJson) {
        ViewerFilter filter = viewer.filter();
        PrintWriter out = spec.commandLine().getOut();
        long deleted = 0;
        long shown = 0;
        if (geoJson) {
            out.print("{\"type\":\"FeatureCollection\",\"features\":[");
        }
        for (Iterator<Map.Entry<String, byte[]>> it = result.versions(); it.hasNext(); ) {
            byte[] version = it.next().getValue();
            ReconciledIncident incident = ReconciledIncident.fromJson(version);
            if (incident.reconciliation().diffType() == DiffType.DELETE) {
                deleted++;
            } else if (filter.canSee(incident)) {
                writeFeature(version, shown++ == 0, geoJson, out);
            }
        }
        if (geoJson) {
            out.println("\n]}");
        }
        out.flush();
        return new long[] {deleted, shown};
    }

    /** One Feature of a collection (after a comma unless {@code first}), or one NDJSON line. */
    private static void writeFeature(byte[] feature, boolean first, boolean geoJson, PrintWriter out) {
        if (geoJson) {
            out.print(first ? "\n" : ",\n");
        }
        out.print(new String(feature, StandardCharsets.UTF_8));
        if (!geoJson) {
            out.println();
        }
    }

    /**
     * NDJSON: the lines themselves. GeoJSON: a Feature per differing incident, its geometry at event time
     * (known at T when the event-time picture lacks it), the line's members as its properties.
     */
    private static void writeLearnedLate(LearnedLate.Result result, boolean geoJson, PrintWriter out) {
        if (!geoJson) {
            result.lines().forEach(line -> out.println(ContractJson.mapper().writeValueAsString(line)));
            out.flush();
            return;
        }
        out.print("{\"type\":\"FeatureCollection\",\"features\":[");
        boolean first = true;
        for (ObjectNode line : result.lines()) {
            String id = line.get("incident_id").asString();
            ObjectNode feature = JsonNodeFactory.instance.objectNode();
            feature.put("type", "Feature");
            feature.put("id", id);
            feature.set("geometry", result.geometries().get(id));
            feature.set("properties", line);
            writeFeature(ContractJson.mapper().writeValueAsBytes(feature), first, true, out);
            first = false;
        }
        out.println("\n]}");
        out.flush();
    }
}
