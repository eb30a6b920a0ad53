/**
 * The reconciliation rule, a pure function of (state, edit): {@link
 * io.incidentfeeds.processing.reconcile.Reconciler#apply} applies an {@link
 * io.incidentfeeds.processing.reconcile.Edit} ({@code Edit.of(normalizedEdit)}) to an incident's
 * {@link io.incidentfeeds.processing.reconcile.IncidentState} and returns the version and conflict
 * records to emit. The state is stored with {@code io.incidentfeeds.processing.state.IncidentStateSerde}.
 */
package io.incidentfeeds.processing.reconcile;
