package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.read.Progress;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Whether the progress line is drawn on stderr: by default when stderr is a terminal ({@link Progress}). */
final class ProgressOptions {

    @Option(names = "--progress", description = "Draw the progress line on stderr even when it is not a terminal.")
    boolean progress;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    Progress progress(PrintWriter err) {
        return Progress.on(err, quiet ? Progress.Mode.NEVER : progress ? Progress.Mode.ALWAYS : Progress.Mode.AUTO);
    }
}
