package io.incidentfeeds.edge.auth;

import io.incidentfeeds.edge.view.IncidentState;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one console may see. An incident is visible when the console's role sees everything, when
 * its agency contributed to it, when it lies in one of the agency's jurisdictions, or when a sharing
 * rule grants the agency its contributing agency's incidents of that type.
 *
 * @param principal      the console
 * @param seesAll        its role sees every incident (eoc)
 * @param jurisdictions  its agency's jurisdictions
 * @param grants         owner agency -> incident types shared with this agency (empty set: every type)
 * @param agencies       agencies it may name in a filter; null when it may name any
 * @param seesConflicts  it may subscribe to the conflicts channel
 */
public record AccessScope(
        ConsolePrincipal principal,
        boolean seesAll,
        Set<String> jurisdictions,
        Map<String, Set<String>> grants,
        Set<String> agencies,
        boolean seesConflicts) {

    public boolean canSee(IncidentState incident) {
        if (seesAll) {
            return true;
        }
        List<String> contributors = incident.agencies();
        if (contributors.contains(principal.agencyId())) {
            return true;
        }
        for (String j : incident.jurisdictions()) {
            if (jurisdictions.contains(j)) {
                return true;
            }
        }
        for (String owner : contributors) {
            Set<String> types = grants.get(owner);
            if (types != null && (types.isEmpty() || types.contains(incident.incidentType()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a filter may name these agencies. */
    public boolean mayFilterBy(List<String> filterAgencies) {
        return agencies == null || agencies.containsAll(filterAgencies);
    }

    /** Whether the console may see conflict records among these agencies (a conflict with no live incident to look at). */
    public boolean canSeeConflictAmong(List<String> competingAgencies) {
        return seesAll || competingAgencies.contains(principal.agencyId())
                || competingAgencies.stream().anyMatch(a -> grants.containsKey(a) && grants.get(a).isEmpty());
    }
}
