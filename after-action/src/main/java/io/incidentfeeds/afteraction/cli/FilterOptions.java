package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.timeline.Filter;
import picocli.CommandLine.Option;

/** The content filters of a timeline ({@link Filter}), shared by the commands that read one. */
final class FilterOptions {

    @Option(names = "--incident", paramLabel = "<id>", description = "Only this incident.")
    String incident;

    @Option(names = "--agency", paramLabel = "<agency>", description = "Edits and dead letters it sent, versions it contributed to, conflicts it competes in.")
    String agency;

    @Option(names = "--type", paramLabel = "<type>", description = "Only incidents of this type.")
    String type;

    @Option(names = "--bbox", paramLabel = "<w,s,e,n>", split = ",", description = "Only what has a geometry meeting this box (WGS84 degrees).")
    double[] bbox;

    Filter filter() {
        if (bbox != null && bbox.length != 4) {
            throw new ReviewException(ExitCode.USAGE, "--bbox takes four numbers: west,south,east,north");
        }
        return new Filter(incident, agency, type, bbox);
    }
}
