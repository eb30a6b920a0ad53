package io.incidentfeeds.afteraction.cli;

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
}
