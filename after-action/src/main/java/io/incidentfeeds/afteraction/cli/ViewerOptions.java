package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.access.AccessConfig;
import io.incidentfeeds.afteraction.access.ViewerFilter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --as}: every output through the access policy ws-edge applies. */
final class ViewerOptions {

    @Option(names = "--as", paramLabel = "<agency>", description = {
            "Show only what this agency may see under the access configuration (ws-edge's rules).",
            "A filter for honest use, not a security control: whoever runs this can read the topics."})
    String agency;

    @Option(names = "--role", paramLabel = "<role>", split = ",",
            description = "Roles of the viewer for --as (for example eoc, supervisor); default: none.")
    List<String> roles = List.of();

    @Option(names = "--access-config", paramLabel = "<file>",
            description = "ws-edge's edge.access.* keys, as properties or YAML; default: the policy's defaults.")
    Path accessConfig;

    ViewerFilter filter() {
        return agency == null ? ViewerFilter.everything() : ViewerFilter.as(agency, roles, AccessConfig.load(accessConfig));
    }
}
