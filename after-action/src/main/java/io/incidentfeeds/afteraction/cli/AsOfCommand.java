package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.access.ViewerFilter;
import io.incidentfeeds.afteraction.asof.AsOf;
import io.incidentfeeds.afteraction.asof.CrossCheck;
import io.incidentfeeds.afteraction.read.Instants;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code as-of --known-at T}: the picture recomputed from the raw topic, checked against the live versions. */
@Command(name = "as-of", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The picture known at an instant, recomputed from the raw topic and checked against the live versions.",
                "%nEvery raw record appended at or before the instant goes through the processor's own validation, "
                        + "normalization and reconciliation, from the raw topic's start; the check against the history topic's "
                        + "versions at the instant (the reconciled topic's surviving ones when there is no history) is on stderr. "
                        + "Deleted incidents are left out."})
final class AsOfCommand extends ReviewCommand {

    @Option(names = "--known-at", required = true, paramLabel = "<time>", description = "RFC 3339, now, or relative (-6h, -30m).")
    String knownAt;

    @Option(names = "--format", defaultValue = "geojson", description = "geojson (an RFC 7946 FeatureCollection) or ndjson (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--strict", description = "Exit with status 1 when the picture and the live versions disagree.")
    boolean strict;

    @Override
    public Integer call() {
        Instant at = Instants.parse("--known-at", knownAt, Instant.now());
        boolean geoJson = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "geojson" -> true;
            case "ndjson" -> false;
            default -> throw new ReviewException(ExitCode.USAGE, "--format " + format + ": choose geojson or ndjson");
        };
        PrintWriter err = spec.commandLine().getErr();
        KafkaSource source = connection.source();
        source.describe(List.of(connection.raw, connection.reconciled));
        checkRetained(source, "--known-at", at);
        AsOf.Result result = new AsOf(source, processing.rawEdits()).knownAt(connection.raw, at);
        ViewerFilter filter = viewer.filter();
        List<byte[]> shown = new ArrayList<>();
        int deleted = 0;
        for (byte[] version : result.picture().lastVersions().values()) {
            ReconciledIncident incident = ReconciledIncident.fromJson(version);
            if (incident.reconciliation().diffType() == DiffType.DELETE) {
                deleted++;
            } else if (filter.canSee(incident)) {
                shown.add(version);
            }
        }
        write(shown, geoJson, spec.commandLine().getOut());
        err.printf("known at %s: %d raw records read, %d refused, %d incidents (%d deleted), %d shown%n", at, result.records(),
                result.rejected(), result.picture().lastVersions().size(), deleted, shown.size());
        String versions = versionsTopic(source);
        boolean everyVersion = versions.equals(connection.history);
        CrossCheck.Result check = new CrossCheck(source).check(versions, result.picture().lastVersions(), at, everyVersion);
        err.printf("cross-check against %s: %d agree, %d differ, %d not checkable (%s)%n", versions, check.agreeing(),
                check.differences().size(), check.unchecked().size(),
                everyVersion ? "that version not yet written, or expired" : "that version compacted away, or not yet written");
        check.differences().forEach((id, members) -> err.println("  differs: " + id + ": " + members));
        err.flush();
        return strict && !check.differences().isEmpty() ? ExitCode.DISAGREEMENT.status() : 0;
    }

    private static void write(List<byte[]> versions, boolean geoJson, PrintWriter out) {
        if (geoJson) {
            out.print("{\"type\":\"FeatureCollection\",\"features\":[");
            for (int i = 0; i < versions.size(); i++) {
                out.print(i == 0 ? "\n" : ",\n");
                out.print(new String(versions.get(i), StandardCharsets.UTF_8));
            }
            out.println("\n]}");
        } else {
            versions.forEach(v -> out.println(new String(v, StandardCharsets.UTF_8)));
        }
        out.flush();
    }
}
