package io.incidentfeeds.access;

import java.util.List;

/**
 * What the rules read of an incident: who contributed to it, where it lies, what kind it is. A
 * view that keeps these fields of each incident (ws-edge's live view) implements this; a
 * {@link io.incidentfeeds.schemas.reconciled.ReconciledIncident} goes to
 * {@link AccessScope#canSee(io.incidentfeeds.schemas.reconciled.ReconciledIncident)} as it is.
 */
public interface IncidentFacts {

    /** The contributing agencies ({@code reconciliation.agencies}). */
    List<String> agencies();

    /** The jurisdictions its geometry intersects ({@code reconciliation.jurisdictions}). */
    List<String> jurisdictions();

    /** The {@code incident_type} property, null when absent. */
    String incidentType();
}
