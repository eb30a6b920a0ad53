/**
 * The binary format of an incident's reconciliation state ({@link
 * io.incidentfeeds.processing.state.IncidentStateSerde#toBytes}, {@link
 * io.incidentfeeds.processing.state.IncidentStateSerde#fromBytes}; older formats still read), and
 * {@link io.incidentfeeds.processing.state.DecodedStates}, a bounded cache of decoded states.
 */
package io.incidentfeeds.processing.state;
