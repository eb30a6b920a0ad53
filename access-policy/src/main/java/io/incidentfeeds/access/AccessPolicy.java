package io.incidentfeeds.access;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The access rules turned into an {@link AccessScope} per viewer. A viewer may name in a filter the
 * agencies whose incidents it could be shown: any agency when its own has jurisdictions (any
 * agency's incident can lie in them), otherwise its own agency and the owners of sharing rules
 * that grant it. Naming another agency is refused: nothing of that agency could ever be shown, so
 * asking for it is a mistake or a probe. Thread-safe.
 */
public final class AccessPolicy {

    private final AccessRules rules;

    public AccessPolicy(AccessRules rules) {
        this.rules = rules;
    }

    public AccessRules rules() {
        return rules;
    }

    public AccessScope scopeOf(Viewer viewer) {
        boolean seesAll = viewer.hasAnyRole(rules.seeAllRoles());
        boolean seesConflicts = viewer.hasAnyRole(rules.conflictRoles());
        String agency = viewer.agencyId();
        Set<String> jurisdictions = Set.copyOf(rules.jurisdictions().getOrDefault(agency, List.of()));
        Map<String, Set<String>> grants = new HashMap<>();
        Set<String> everyType = new HashSet<>();
        for (AccessRules.SharingRule rule : rules.sharing()) {
            if (!agency.equals(rule.grantee()) || rule.owner() == null) {
                continue;
            }
            if (rule.incidentTypes().isEmpty()) {
                everyType.add(rule.owner());
            } else {
                grants.computeIfAbsent(rule.owner(), o -> new HashSet<>()).addAll(rule.incidentTypes());
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
        return new AccessScope(viewer, seesAll, jurisdictions, Map.copyOf(grants), agencies, seesConflicts);
    }
}
