package io.incidentfeeds.afteraction.access;

import io.incidentfeeds.access.AccessPolicy;
import io.incidentfeeds.access.AccessRules;
import io.incidentfeeds.access.AccessScope;
import io.incidentfeeds.access.Viewer;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code --as <agency>} lets through: the shared access policy's decision (the one ws-edge
 * applies) for reconciled versions and conflicts. Raw edits and dead letters, which the edge never
 * shows, are shown for the viewer's own agency, to a see-all role, or when the incident's version at
 * that time is visible to the viewer. A filter for honest use, not a security control: whoever runs
 * the tool can read the topics without it.
 */
public final class ViewerFilter {

    private final AccessScope scope;

    private ViewerFilter(AccessScope scope) {
        this.scope = scope;
    }

    /** Everything: no --as. */
    public static ViewerFilter everything() {
        return new ViewerFilter(null);
    }

    public static ViewerFilter as(String agency, List<String> roles, AccessRules rules) {
        return new ViewerFilter(new AccessPolicy(rules).scopeOf(new Viewer(agency, roles)));
    }

    /** Whether it lets anything less than everything through (with no --as, nothing is decided by a version). */
    public boolean restricts() {
        return scope != null;
    }

    public boolean canSee(ReconciledIncident version) {
        return scope == null || scope.canSee(version);
    }

    /**
     * A picture as the viewer sees it: of {@code lastVersions} (incident id -> version bytes), the
     * incidents not deleted that the viewer may see, in id order.
     */
    public SortedMap<String, ReconciledIncident> visible(Map<String, byte[]> lastVersions) {
        SortedMap<String, ReconciledIncident> shown = new TreeMap<>();
        lastVersions.forEach((id, bytes) -> {
            ReconciledIncident incident = ReconciledIncident.fromJson(bytes);
            if (incident.reconciliation().diffType() != DiffType.DELETE && canSee(incident)) {
                shown.put(id, incident);
            }
        });
        return shown;
    }

    /** {@code current}: the incident's latest version at the conflict's time, null when not known. */
    public boolean canSeeConflict(ConflictRecord conflict, ReconciledIncident current) {
        return scope == null || scope.canSeeConflict(conflict, current);
    }

    /** A raw edit or dead letter sent by {@code agency}; {@code current} as above. */
    public boolean canSeeSubmission(String agency, ReconciledIncident current) {
        return scope == null || scope.seesAll() || scope.viewer().agencyId().equals(agency)
                || (current != null && scope.canSee(current));
    }
}
