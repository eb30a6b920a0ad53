package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/after-action}: an analysts' review over the topics, read directly from Kafka (no running
 * processor or edge needed). Failures print one line and exit with a status of {@link ExitCode}.
 */
@Command(name = "after-action", mixinStandardHelpOptions = true,
        description = "What did we know, and when: reviews of incidents.raw, incidents.dlq, incidents.reconciled and incidents.conflicts.",
        subcommands = {TimelineCommand.class, AsOfCommand.class, DiffCommand.class, ReprocessCommand.class, ReportCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:success",
                "1:as-of --strict: the recomputed picture and the live versions disagree",
                "2:usage: an unknown option, a missing or malformed argument",
                "3:a time that does not parse, or an inverted window",
                "4:a topic that does not exist",
                "5:an instant older than the raw topic retains (the oldest available one is printed)",
                "6:no broker answered within --timeout",
                "7:a --client-config, --access-config or --processor-config that cannot be read",
                "8:reprocess: a --prefix whose topics are live ones, or that already holds a run (without --resume or --overwrite)",
                "70:an unexpected error"})
public final class AfterAction {

    private AfterAction() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for main and for tests that run it in-process (set its out and err first). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(AfterAction.class);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof ReviewException review) {
                command.getErr().println("after-action: " + review.getMessage());
                command.getErr().flush();
                return review.code().status();
            }
            command.getErr().println("after-action: unexpected error");
            e.printStackTrace(command.getErr());
            command.getErr().flush();
            return ExitCode.INTERNAL.status();
        });
        return cli;
    }
}
