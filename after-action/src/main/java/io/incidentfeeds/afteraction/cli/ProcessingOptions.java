package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.replay.ProcessingSettings;
import io.incidentfeeds.afteraction.replay.RawEdits;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The live processor's settings a command replays raw records with. */
final class ProcessingOptions {

    @Option(names = "--processor-config", paramLabel = "<file>",
            description = "The live processor's properties (timestamp window, jurisdictions layer); default: its defaults.")
    Path processorConfig;

    RawEdits rawEdits() {
        return new RawEdits(ProcessingSettings.load(processorConfig));
    }
}
