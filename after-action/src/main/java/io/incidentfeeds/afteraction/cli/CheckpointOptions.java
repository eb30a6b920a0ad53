package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where a recomputed picture starts: the processor's nearest checkpoints at or before it
 * ({@code --checkpoints-topic}; for event time T, the last by the horizon whose edits are all stamped by T),
 * or, with {@code --from-start}, the raw topic's start. For the commands that recompute pictures:
 * {@code as-of}, {@code diff}, {@code report}.
 */
final class CheckpointOptions {

    @Option(names = "--from-start", description = "Recompute every picture from the raw topic's start, not from the "
            + "processor's nearest checkpoint (as-of --known-at: and check every version from the history's start).")
    boolean fromStart;

    @Option(names = "--hop-margin", paramLabel = "<duration>", defaultValue = "PT5M", description = "From a checkpoint: how far before it "
            + "to look for edits delayed by the repartition hop (ISO-8601; default: ${DEFAULT-VALUE}).")
    Duration hopMargin;

    /** The margin, checked. */
    Duration hopMargin() {
        if (hopMargin.isNegative()) {
            throw new ReviewException(ExitCode.USAGE, "--hop-margin " + hopMargin + " is negative");
        }
        return hopMargin;
    }
}
