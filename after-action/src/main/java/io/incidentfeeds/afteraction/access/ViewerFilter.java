package io.incidentfeeds.afteraction.access;

import io.incidentfeeds.access.AccessPolicy;
import io.incidentfeeds.access.AccessRules;
import io.incidentfeeds.access.AccessScope;
import io.incidentfeeds.access.Viewer;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

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
     * A picture as the viewer sees it: of {@code lastVersions} (incident id -> version bytes, in id order),
     * the incidents not deleted that the viewer may see, in the same order; each version is read when
     * reached, and only the one at hand is held.
     */
    public Iterator<Map.Entry<String, ReconciledIncident>> visible(Iterator<Map.Entry<String, byte[]>> lastVersions) {
        return new Iterator<>() {
            private Map.Entry<String, ReconciledIncident> next = advance();

            private Map.Entry<String, ReconciledIncident> advance() {
                while (lastVersions.hasNext()) {
                    Map.Entry<String, byte[]> e = lastVersions.next();
                    ReconciledIncident incident = ReconciledIncident.fromJson(e.getValue());
                    if (incident.reconciliation().diffType() != DiffType.DELETE && canSee(incident)) {
                        return Map.entry(e.getKey(), incident);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map.Entry<String, ReconciledIncident> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, ReconciledIncident> current = next;
                next = advance();
                return current;
            }
        };
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
