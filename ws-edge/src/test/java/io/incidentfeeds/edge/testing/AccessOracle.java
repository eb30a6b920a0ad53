package io.incidentfeeds.edge.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The test edges' authorization rules ({@link EdgeInstance#defaults}), restated independently of
 * the access-policy module as the oracle every document a console is shown is checked against:
 * alpha's jurisdiction j-alpha, bravo's j-bravo, charlie's fires shared with bravo, eoc sees all.
 */
public final class AccessOracle {

    private static final Map<String, Set<String>> JURISDICTIONS = Map.of("alpha", Set.of("j-alpha"), "bravo", Set.of("j-bravo"));

    private AccessOracle() {
    }

    /** Whether a console of {@code agency} (an EOC when {@code eoc}) is entitled to this reconciled incident. */
    public static boolean entitled(String agency, boolean eoc, JsonNode incident) {
        if (eoc) {
            return true;
        }
        List<String> agencies = incident.path("reconciliation").path("agencies").valueStream().map(JsonNode::asString).toList();
        List<String> jurisdictions = incident.path("reconciliation").path("jurisdictions").valueStream().map(JsonNode::asString).toList();
        String type = incident.path("properties").path("incident_type").asString();
        return agencies.contains(agency)
                || jurisdictions.stream().anyMatch(JURISDICTIONS.getOrDefault(agency, Set.of())::contains)
                || (agency.equals("bravo") && agencies.contains("charlie") && type.equals("fire"));
    }
}
