package io.incidentfeeds.schemas.conflict;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One of the concurrent writes in a conflict: who wrote what, when. */
public record CompetingValue(
        String agencyId,
        long sequenceNumber,
        Instant timestamp,
        @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode value) {
}
