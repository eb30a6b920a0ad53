package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.access.ViewerFilter;
import io.incidentfeeds.afteraction.asof.AsOf;
import io.incidentfeeds.afteraction.asof.PictureDiff;
import io.incidentfeeds.afteraction.read.Instants;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.schemas.json.ContractJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code diff --before T1 --after T2}: what changed between two pictures known at two instants, by incident and field. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What changed between the pictures known at two instants, by incident and field (NDJSON).",
                "%nBoth pictures are recomputed from the raw topic as as-of computes them; deleted incidents count as absent."})
final class DiffCommand extends ReviewCommand {

    @Option(names = "--before", required = true, paramLabel = "<time>", description = "RFC 3339, now, or relative (-6h, -30m).")
    String before;

    @Option(names = "--after", defaultValue = "now", paramLabel = "<time>", description = "default: ${DEFAULT-VALUE}")
    String after;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        Instant from = Instants.parse("--before", before, now);
        Instant to = Instants.parse("--after", after, now);
        if (to.isBefore(from)) {
            throw new ReviewException(ExitCode.BAD_WINDOW, "the instants are inverted: --after " + to + " is before --before " + from);
        }
        KafkaSource source = source();
        source.describe(List.of(connection.raw));
        checkRetained(source, "--before", from);
        AsOf asOf = new AsOf(source, processing.rawEdits(), reading.spill());
        ViewerFilter filter = viewer.filter();
        List<tools.jackson.databind.node.ObjectNode> lines = PictureDiff.between(filter.visible(asOf.knownAt(connection.raw, from).picture().lastVersions()),
                filter.visible(asOf.knownAt(connection.raw, to).picture().lastVersions()));
        readsDone();
        PrintWriter out = spec.commandLine().getOut();
        lines.forEach(line -> out.println(ContractJson.mapper().writeValueAsString(line)));
        out.flush();
        spec.commandLine().getErr().printf("%d incidents differ between %s and %s%n", lines.size(), from, to);
        spec.commandLine().getErr().flush();
        return 0;
    }
}
