package io.incidentfeeds.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's access rules: which roles see every incident, which roles may see conflicts, each
 * agency's jurisdictions, and the mutual-aid grants between agencies. ws-edge binds them from
 * {@code edge.access.*}; a tool builds them itself. A null argument takes its default, so a key left
 * unset and a null passed by a tool mean the same. Immutable.
 *
 * @param jurisdictions agency id -> ids of its jurisdictions, matched against
 *                      {@code reconciliation.jurisdictions}; default: none
 * @param sharing       mutual-aid grants; default: none
 * @param seeAllRoles   roles that see every incident; default: {@value #EOC}
 * @param conflictRoles roles that may see conflicts (ws-edge's conflicts channel); default: eoc, supervisor
 */
public record AccessRules(
        Map<String, List<String>> jurisdictions,
        List<SharingRule> sharing,
        List<String> seeAllRoles,
        List<String> conflictRoles) {

    /** The emergency operations centre's role: it sees every incident and every conflict by default. */
    public static final String EOC = "eoc";

    public AccessRules {
        Map<String, List<String>> byAgency = new LinkedHashMap<>();
        if (jurisdictions != null) {
            jurisdictions.forEach((agency, ids) -> byAgency.put(agency, ids == null ? List.of() : List.copyOf(ids)));
        }
        jurisdictions = Map.copyOf(byAgency);
        sharing = sharing == null ? List.of() : List.copyOf(sharing);
        seeAllRoles = seeAllRoles == null ? List.of(EOC) : List.copyOf(seeAllRoles);
        conflictRoles = conflictRoles == null ? List.of(EOC, "supervisor") : List.copyOf(conflictRoles);
    }

    /** Every rule at its default: only the EOC role sees beyond the incidents its agency contributed to. */
    public static AccessRules defaults() {
        return new AccessRules(null, null, null, null);
    }

    /**
     * A mutual-aid grant: agency {@code grantee} sees the incidents agency {@code owner} contributed
     * to, of the listed incident types (empty: every type). A rule without an owner grants nothing.
     */
    public record SharingRule(String owner, String grantee, List<String> incidentTypes) {

        public SharingRule {
            incidentTypes = incidentTypes == null ? List.of() : List.copyOf(incidentTypes);
        }
    }
}
