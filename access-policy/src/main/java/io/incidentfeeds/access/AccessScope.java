package io.incidentfeeds.access;

import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.Reconciliation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one viewer may see. An incident is visible when the viewer's role sees everything, when its
 * agency contributed to it, when it lies in one of the agency's jurisdictions, or when a sharing
 * rule grants the agency its contributing agency's incidents of that type.
 *
 * @param viewer         who asks
 * @param seesAll        its role sees every incident (eoc)
 * @param jurisdictions  its agency's jurisdictions
 * @param grants         owner agency -> incident types shared with this agency (empty set: every type)
 * @param agencies       agencies it may name in a filter; null when it may name any
 * @param seesConflicts  its role may see conflicts
 */
public record AccessScope(
        Viewer viewer,
        boolean seesAll,
        Set<String> jurisdictions,
        Map<String, Set<String>> grants,
        Set<String> agencies,
        boolean seesConflicts) {

    /**
     * What {@link #canSee} reads of this scope, as a value: <b>two scopes with equal keys see exactly
     * the same incidents</b>. Roles count only through {@code seesAll}, so a dispatcher and a
     * supervisor of one agency share a key, and every scope that sees all shares one. The filter
     * agencies and the conflict role are not in it: they do not decide {@code canSee}. A view that
     * groups viewers by what they see (ws-edge's fan-out) groups by this key, so a change to
     * {@code canSee} that reads another field must add it here (VisibilityKeyTest checks the two agree).
     */
    public VisibilityKey visibilityKey() {
        return seesAll ? VisibilityKey.ALL : new VisibilityKey(false, viewer.agencyId(), jurisdictions, grants);
    }

    /** See {@link #visibilityKey()}; for grouping and comparing only. */
    public record VisibilityKey(boolean all, String agency, Set<String> jurisdictions, Map<String, Set<String>> grants) {

        private static final VisibilityKey ALL = new VisibilityKey(true, null, Set.of(), Map.of());
    }

    public boolean canSee(IncidentFacts incident) {
        return canSee(incident.agencies(), incident.jurisdictions(), incident.incidentType());
    }

    /** Whether the viewer may see this record of incidents.reconciled. */
    public boolean canSee(ReconciledIncident incident) {
        Reconciliation rec = incident.reconciliation();
        return canSee(rec == null ? List.of() : orEmpty(rec.agencies()),
                rec == null ? List.of() : orEmpty(rec.jurisdictions()),
                incident.properties() == null ? null : incident.property("incident_type"));
    }

    private boolean canSee(List<String> contributors, List<String> incidentJurisdictions, String incidentType) {
        if (seesAll) {
            return true;
        }
        if (contributors.contains(viewer.agencyId())) {
            return true;
        }
        for (String j : incidentJurisdictions) {
            if (jurisdictions.contains(j)) {
                return true;
            }
        }
        for (String owner : contributors) {
            Set<String> types = grants.get(owner);
            // An immutable set refuses contains(null): an incident without a type matches no typed grant.
            if (types != null && (types.isEmpty() || (incidentType != null && types.contains(incidentType)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a filter may name these agencies. */
    public boolean mayFilterBy(List<String> filterAgencies) {
        return agencies == null || agencies.containsAll(filterAgencies);
    }

    /**
     * Whether the viewer may see this record of incidents.conflicts: its role must see conflicts,
     * and then the incident's current state decides, or, when that is not known (null: the conflict
     * came first), the agencies whose writes conflict.
     */
    public boolean canSeeConflict(ConflictRecord conflict, ReconciledIncident current) {
        if (!seesConflicts) {
            return false;
        }
        if (current != null) {
            return canSee(current);
        }
        List<String> competing = conflict.competing() == null ? List.of()
                : conflict.competing().stream().map(CompetingValue::agencyId).toList();
        return canSeeConflictAmong(competing);
    }

    /**
     * Whether the viewer may see a conflict among these agencies with no incident to judge it by:
     * only when its agency is among them, or one of them shares every type of incident with it.
     */
    public boolean canSeeConflictAmong(List<String> competingAgencies) {
        return seesAll || competingAgencies.contains(viewer.agencyId())
                || competingAgencies.stream().anyMatch(a -> grants.containsKey(a) && grants.get(a).isEmpty());
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
