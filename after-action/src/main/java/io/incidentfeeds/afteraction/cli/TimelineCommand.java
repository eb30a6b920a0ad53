package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.read.Instants;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.read.Window;
import io.incidentfeeds.afteraction.timeline.Event;
import io.incidentfeeds.afteraction.timeline.Filter;
import io.incidentfeeds.afteraction.timeline.Timeline;
import io.incidentfeeds.afteraction.timeline.TimelineOutput;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code timeline}: every edit, dead letter, version and conflict appended in a window, in one order. */
@Command(name = "timeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Every raw edit, dead letter, reconciled version and conflict appended in a window, in one order.",
                "%nThe order: append time, then edit, dead letter, version, conflict, then partition and offset. Versions come "
                        + "from the history topic (every version); from the compacted reconciled topic only when there is no history."})
final class TimelineCommand extends ReviewCommand {

    @Option(names = "--from", paramLabel = "<time>", description = "Window start: RFC 3339, now, or relative (-6h, -30m); default: the topics' start.")
    String from;

    @Option(names = "--to", paramLabel = "<time>", defaultValue = "now", description = "Window end, inclusive (default: ${DEFAULT-VALUE}).")
    String to;

    @Mixin
    FilterOptions filters;

    @Option(names = "--format", defaultValue = "ndjson", description = "ndjson, csv or geojson (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        Window window = new Window(from == null ? null : Instants.parse("--from", from, now), Instants.parse("--to", to, now));
        TimelineOutput.Format out = format(format);
        Filter filter = filters.filter();
        KafkaSource source = source();
        source.describe(connection.topics().all());
        Instant oldest = source.oldestRetained(connection.raw);
        if (oldest != null && window.from() != null && window.from().isBefore(oldest)) {
            throw new ReviewException(ExitCode.BEFORE_RETENTION, "--from " + window.from() + " is older than what " + connection.raw
                    + " retains: the oldest available instant is " + oldest);
        }
        String versions = versionsTopic(source);
        Timeline timeline = new Timeline(source, connection.topics(), versions, processing.rawEdits(), reading.spill());
        TimelineOutput.Writer writer = new TimelineOutput.Writer(out, spec.commandLine().getOut());
        long[] events = {0};
        long read;
        if (writer.needsTimeEnds()) {
            read = timeline.read(window, filter, viewer.filter(), new Timeline.EndedSink() {
                @Override
                public byte[] head(Event e) {
                    if (events[0]++ == 0) {
                        readsDone(); // the reads are over before the first event is rendered
                    }
                    return writer.head(e);
                }

                @Override
                public void accept(byte[] head, long timeEnd) {
                    writer.accept(head, timeEnd);
                }
            });
        } else {
            read = timeline.read(window, filter, viewer.filter(), (e, end) -> {
                if (events[0]++ == 0) {
                    readsDone(); // the reads are over before the first event is written
                }
                writer.accept(e, end);
            });
        }
        writer.finish();
        readsDone();
        spec.commandLine().getErr().printf("%d events of %d records read; versions from %s%n", events[0], read, versions);
        if (timeline.spilledRuns() > 0) {
            spec.commandLine().getErr().printf("spilled: sorted in %d runs on disk (--memory %s)%n", timeline.spilledRuns(), reading.memory);
        }
        spec.commandLine().getErr().flush();
        return 0;
    }

    static TimelineOutput.Format format(String name) {
        try {
            return TimelineOutput.Format.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ReviewException(ExitCode.USAGE, "--format " + name + ": choose ndjson, csv or geojson");
        }
    }
}
