package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.asof.LearnedLate;
import io.incidentfeeds.afteraction.read.Instants;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.read.Window;
import io.incidentfeeds.afteraction.report.ReportContent;
import io.incidentfeeds.afteraction.report.ReportFiles;
import io.incidentfeeds.afteraction.timeline.Event;
import io.incidentfeeds.afteraction.timeline.Filter;
import io.incidentfeeds.afteraction.timeline.Timeline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code report}: an after-action report of one incident or a window, written to a directory: a
 * self-contained HTML page (the geometry over time on a Leaflet map, a status and severity chart, the
 * agencies and their first reports, the conflicts and their decisions, the dead letters, what was
 * learned late), a PNG of the map drawn in Java, and a Markdown summary. Its events are the timeline's
 * ({@link Timeline}, with the same filters and {@code --as}); what was learned late is {@link LearnedLate}'s.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"An after-action report of one incident (--incident) or a window (--from, --to) in a directory (--out): "
                + "report.html (opens offline: Leaflet inlined, nothing fetched), map.png (drawn in Java: JTS ShapeWriter, Java2D) "
                + "and report.md (a summary for a written report).",
                "%nIts events are the timeline's, through the same filters and --as; what was learned late is as-of --learned-late's "
                        + "at one instant (its known-at side from the processor's nearest checkpoint, --from-start: from the raw topic's start; "
                        + "its event-time side from the raw topic's start)."})
final class ReportCommand extends ReviewCommand {

    @Option(names = "--out", required = true, paramLabel = "<dir>", description = "Where to write report.html, map.png and report.md (made if missing).")
    Path out;

    @Option(names = "--from", paramLabel = "<time>", description = "Window start: RFC 3339, now, or relative (-6h, -30m); default with --incident: the topics' start.")
    String from;

    @Option(names = "--to", paramLabel = "<time>", description = "Window end, inclusive (default: now).")
    String to;

    @Mixin
    FilterOptions filters;

    @Mixin
    CheckpointOptions start;

    @Option(names = "--learned-late", paramLabel = "<time>|none", description = "The instant to ask what was learned late about "
            + "(default: --to when given, else the report's last event); none: leave that section out.")
    String learnedLate;

    @Override
    public Integer call() {
        if (filters.incident == null && from == null) {
            throw new ReviewException(ExitCode.USAGE, "give --incident, or a window with --from (and --to)");
        }
        Instant now = Instant.now();
        Window window = new Window(from == null ? null : Instants.parse("--from", from, now), to == null ? now : Instants.parse("--to", to, now));
        boolean askLate = !"none".equals(learnedLate);
        Instant lateAt = learnedLate == null || !askLate ? null : Instants.parse("--learned-late", learnedLate, now);
        if (lateAt != null && lateAt.isAfter(now)) {
            throw new ReviewException(ExitCode.BAD_WINDOW, "--learned-late " + lateAt + " is in the future: nothing can have been learned late about it yet");
        }
        Filter filter = filters.filter();
        if (Files.exists(out) && !Files.isDirectory(out)) { // before reading anything
            throw new ReviewException(ExitCode.USAGE, "--out " + out + ": cannot make that directory (a file of that name exists)");
        }
        KafkaSource source = connection.source();
        source.describe(connection.topics().all());
        if (window.from() != null) {
            checkRetained(source, "--from", window.from());
        }
        String versions = versionsTopic(source);
        Timeline.Result timeline = new Timeline(source, connection.topics(), versions, processing.rawEdits()).read(window, filter, viewer.filter());
        List<Event> events = timeline.events();
        if (askLate && lateAt == null) {
            lateAt = to != null ? window.to() : events.isEmpty() ? null : Instant.ofEpochMilli(events.get(events.size() - 1).appendTime());
        }
        ReportContent.LearnedLateAt late = null;
        if (lateAt != null) {
            checkRetained(source, "--learned-late", lateAt);
            LearnedLate.Result result = new LearnedLate(asOf(source, start)).at(connection.raw, lateAt, now, viewer.filter());
            late = new ReportContent.LearnedLateAt(lateAt, now, result.lines());
        }
        ReportContent report = ReportContent.of(scope(), window.from(), window.to(), now, events, late);
        List<Path> written = ReportFiles.write(report, out);
        PrintWriter err = spec.commandLine().getErr();
        err.printf("report of %s: %d incidents, %d versions, %d conflicts, %d dead letters (%d events of %d records read; versions from %s)%n"
                        + "wrote %s%n", report.scope(), report.incidents().size(), report.steps().size(), report.conflicts().size(),
                report.deadLetters().size(), events.size(), timeline.recordsRead(), versions, String.join(", ", written.stream().map(Path::toString).toList()));
        err.flush();
        return 0;
    }

    /** The report's scope in words: the incident or the window, the filters, the viewer. */
    private String scope() {
        List<String> parts = new ArrayList<>();
        parts.add(filters.incident != null ? "incident " + filters.incident : "window " + from + " to " + (to == null ? "now" : to));
        if (filters.incident != null && from != null) {
            parts.add("from " + from + (to == null ? "" : " to " + to));
        }
        if (filters.agency != null) {
            parts.add("agency " + filters.agency);
        }
        if (filters.type != null) {
            parts.add("type " + filters.type);
        }
        if (filters.bbox != null) {
            parts.add("bbox " + java.util.Arrays.toString(filters.bbox));
        }
        if (viewer.agency != null) {
            parts.add("as " + viewer.agency);
        }
        return String.join(", ", parts);
    }
}
