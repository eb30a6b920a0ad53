package io.incidentfeeds.edge.auth;

import io.incidentfeeds.edge.EdgeProperties;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator's authorization settings (edge.access.*) turned into an {@link AccessScope} per
 * console. A console may name in a filter the agencies whose incidents it could be shown: any
 * agency when its own has jurisdictions (any agency's incident can lie in them), otherwise its own
 * agency and the owners of sharing rules that grant it. A filter naming another agency is
 * FORBIDDEN: nothing of that agency could ever be shown, so asking for it is a mistake or a probe.
 */
public final class AccessPolicy {

    private final EdgeProperties.Access access;

    public AccessPolicy(EdgeProperties.Access access) {
        this.access = access;
    }

    public AccessScope scopeOf(ConsolePrincipal principal) {
        boolean seesAll = principal.hasAnyRole(access.getSeeAllRoles());
        boolean seesConflicts = principal.hasAnyRole(access.getConflictRoles());
        String agency = principal.agencyId();
        Set<String> jurisdictions = Set.copyOf(access.getJurisdictions().getOrDefault(agency, List.of()));
        Map<String, Set<String>> grants = new HashMap<>();
        Set<String> everyType = new HashSet<>();
        for (EdgeProperties.SharingRule rule : access.getSharing()) {
            if (!agency.equals(rule.getGrantee()) || rule.getOwner() == null) {
                continue;
            }
            if (rule.getIncidentTypes().isEmpty()) {
                everyType.add(rule.getOwner());
            } else {
                grants.computeIfAbsent(rule.getOwner(), o -> new HashSet<>()).addAll(rule.getIncidentTypes());
            }
        }
        // An owner shared without a type restriction is shared for every type (an empty set).
        everyType.forEach(owner -> grants.put(owner, Set.of()));
        grants.replaceAll((owner, types) -> Set.copyOf(types));
        Set<String> agencies = null;
        if (!seesAll && jurisdictions.isEmpty()) {
            Set<String> allowed = new TreeSet<>(grants.keySet());
            allowed.add(agency);
            agencies = Set.copyOf(allowed);
        }
        return new AccessScope(principal, seesAll, jurisdictions, Map.copyOf(grants), agencies, seesConflicts);
    }
}
