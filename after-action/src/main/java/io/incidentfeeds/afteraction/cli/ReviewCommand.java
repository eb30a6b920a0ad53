package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.asof.AsOf;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.read.Progress;
import io.incidentfeeds.history.History;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every review command takes: the cluster and topics, the viewer, the processor's settings; and where to print. */
abstract class ReviewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Mixin
    ViewerOptions viewer;

    @Mixin
    ProcessingOptions processing;

    @Mixin
    ReadOptions reading;

    @Mixin
    ProgressOptions progressLine;

    private Progress progress = Progress.NONE;

    /** The topics, read as {@link ReadOptions} says, counted on a progress line; {@link #readsDone()} ends the line. */
    KafkaSource source() {
        reading.spill(); // a bad --memory is a usage error before the broker is asked anything
        progress.close();
        progress = progressLine.progress(spec.commandLine().getErr());
        return connection.source(reading.threads(), progress);
    }

    /** Ends the progress line, if one was drawn (before a summary on stderr). */
    void readsDone() {
        progress.close();
    }

    /**
     * Pictures recomputed from {@code source}'s raw topic with the processor's settings, spilling past
     * {@code --memory}; those known at an instant from the processor's nearest checkpoints, unless
     * {@code start} says {@code --from-start}: every command that recomputes a known-at picture comes here.
     */
    AsOf asOf(KafkaSource source, CheckpointOptions start) {
        AsOf fromStart = new AsOf(source, processing.rawEdits(), reading.spill());
        History checkpoints = connection.history(connection.history).withHopMargin(start.hopMargin()); // a bad margin is an error either way
        return start.fromStart ? fromStart : fromStart.fromCheckpoints(checkpoints);
    }

    /**
     * Where the versions are: the history topic (every version), or, when the cluster has none, the
     * compacted reconciled topic, with a note on stderr that older versions may be missing from it.
     */
    String versionsTopic(KafkaSource source) {
        if (source.exists(connection.history)) {
            return connection.history;
        }
        spec.commandLine().getErr().println("note: topic " + connection.history + " does not exist (--history-topic); versions are read from "
                + connection.reconciled + ", where compaction may have removed all but each incident's last");
        return connection.reconciled;
    }

    /**
     * Refuses an instant older than the raw topic retains (naming the oldest it does); for a later one,
     * warns that incidents whose early edits expired are recomputed without them.
     */
    void checkRetained(KafkaSource source, String option, Instant at) {
        Instant oldest = source.oldestRetained(connection.raw);
        if (oldest == null) {
            return;
        }
        if (at.isBefore(oldest)) {
            throw new ReviewException(ExitCode.BEFORE_RETENTION, option + " " + at + " is older than what " + connection.raw
                    + " retains: the oldest available instant is " + oldest);
        }
        spec.commandLine().getErr().println("warning: " + connection.raw + " no longer holds records before " + oldest
                + "; incidents whose early edits expired are recomputed without them");
    }

    /** Says on stderr how many incidents went to disk past --memory, and in how many runs the edits were sorted, if any were. */
    void spilled(AsOf.Result... results) {
        long states = 0;
        long runs = 0;
        for (AsOf.Result r : results) {
            states += r.picture().spilledStates();
            runs += r.sortRuns();
        }
        if (states > 0) {
            spec.commandLine().getErr().printf("spilled: incident states written to disk %d times (--memory %s)%n", states, reading.memory);
        }
        if (runs > 0) {
            spec.commandLine().getErr().printf("spilled: edits sorted by incident in %d runs on disk (--memory %s)%n", runs, reading.memory);
        }
    }
}
