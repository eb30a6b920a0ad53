package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.read.Instants;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.read.Window;
import io.incidentfeeds.afteraction.reprocess.Reprocess;
import io.incidentfeeds.afteraction.reprocess.RunNames;
import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.topology.TopicNames;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reprocess --prefix P}: the live processor run again over a window of the raw topic, into
 * topics under a prefix, with an application id of its own ({@link Reprocess}).
 */
@Command(name = "reprocess", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the live processor (its topology and --processor-config settings) again over a window of the raw topic, "
                + "into new topics under --prefix, with an application id of its own; live topics and state are never touched.",
                "%nWithout --from/--to: the raw topic from its start to its end when the run starts. The progress line on stderr (a terminal, or --progress); at the end "
                        + "the topics written and the incidents whose first edits the window lacks on stdout, and the run's internal "
                        + "topics, window group and local state deleted (unless --keep-state); its group keeps its offsets.",
                "%nMore instances share the work: start the same command with --resume, the same --prefix, on other machines."})
final class ReprocessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Mixin
    ProcessingOptions processing;

    @Mixin
    ProgressOptions progressLine;

    @Option(names = "--prefix", required = true, paramLabel = "<prefix>",
            description = "Put before every topic the run writes (rerun-1. makes rerun-1.incidents.reconciled, ...) and its application id.")
    String prefix;

    @Option(names = "--from", paramLabel = "<time>", description = "Window start: RFC 3339, now, or relative (-6h); default: the raw topic's start.")
    String from;

    @Option(names = "--to", paramLabel = "<time>", description = "Window end, inclusive; default: the raw topic's end when the run starts.")
    String to;

    @Option(names = "--resume", description = "Continue the prefix's run, or join it as another instance (its window, not --from/--to).")
    boolean resume;

    @Option(names = "--overwrite", description = "Delete what the prefix holds (its topics, internal topics, groups) and start again.")
    boolean overwrite;

    @Option(names = "--keep-state", description = "Keep the run's internal topics, groups and local state at the end (how to delete them is printed).")
    boolean keepState;

    @Option(names = "--state-dir", paramLabel = "<dir>", description = "Kafka Streams' local state (default: ${DEFAULT-VALUE}).",
            defaultValue = "${java.io.tmpdir}/after-action-reprocess")
    Path stateDir;

    @Override
    public Integer call() {
        if (resume && overwrite) {
            throw new ReviewException(ExitCode.USAGE, "give --resume or --overwrite, not both");
        }
        if (resume && (from != null || to != null)) {
            throw new ReviewException(ExitCode.USAGE, "--resume continues the window of the run it resumes: leave out --from and --to");
        }
        ProcessorConfig live = liveSettings();
        TopicNames liveTopics = live.topics();
        boolean rawGiven = spec.commandLine().getParseResult().hasMatchedOption("--raw-topic");
        String liveCheckpoints = live.checkpoints().topic();
        RunNames names = new RunNames(prefix, new TopicNames(rawGiven ? connection.raw : liveTopics.raw(), liveTopics.dlq(),
                liveTopics.reconciled(), liveTopics.history(), liveTopics.conflicts()), liveCheckpoints);
        Set<String> liveNames = new HashSet<>(List.of(liveTopics.raw(), liveTopics.dlq(), liveTopics.reconciled(), liveTopics.history(),
                liveTopics.conflicts(), liveCheckpoints, connection.raw, connection.dlq, connection.reconciled, connection.history,
                connection.conflicts, connection.checkpoints, names.live().raw()));
        names.checkCollision(liveNames, live.applicationId());

        Instant now = Instant.now();
        Window window = new Window(from == null ? null : Instants.parse("--from", from, now), to == null ? now : Instants.parse("--to", to, now));
        KafkaSource source = connection.source();
        source.describe(List.of(names.live().raw()));
        Instant oldest = source.oldestRetained(names.live().raw());
        if (oldest != null && window.from() != null && window.from().isBefore(oldest)) {
            throw new ReviewException(ExitCode.BEFORE_RETENTION, "--from " + window.from() + " is older than what " + names.live().raw()
                    + " retains: the oldest available instant is " + oldest);
        }
        Reprocess.Start start = resume ? Reprocess.Start.RESUME : overwrite ? Reprocess.Start.OVERWRITE : Reprocess.Start.NEW;
        new Reprocess(connection.client(), Duration.ofSeconds(connection.timeoutSeconds), spec.commandLine().getOut(),
                spec.commandLine().getErr(), progressLine.progress(spec.commandLine().getErr())).run(new Reprocess.Plan(names, start, window.from(), window.to(), keepState, stateDir,
                processing.processorConfig));
        return 0;
    }

    /** The live processor's settings: its defaults, and the --processor-config file over them. */
    private ProcessorConfig liveSettings() {
        try {
            ProcessorConfig config = ProcessorConfig.load(processing.processorConfig, Map.of(), Map.of());
            config.topics();
            config.checkpoints();
            config.applicationId();
            return config;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new ReviewException(ExitCode.BAD_CONFIG, "cannot read --processor-config " + processing.processorConfig + ": "
                    + e.getMessage());
        }
    }
}
