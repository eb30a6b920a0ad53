package io.incidentfeeds.simulator.scenario;

import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated incident: its true state, and what each agency working it has seen of the others'
 * edits (an agency that has not seen the latest edit of another makes a concurrent edit).
 */
final class SimIncident {

    enum Shape { UNIT, PERIMETER, CLOSURE }

    final String id;
    final String type;
    final Agency owner;
    final Agency partner;
    final Shape shape;
    final int plannedEdits;
    final boolean endsInDeletion;

    double lon;
    double lat;
    double heading;
    double size;
    IncidentStatus status = IncidentStatus.ACTIVE;
    Severity severity;
    int edits;

    /** Latest sequence number of each agency's edits. */
    final Map<String, Long> sequence = new TreeMap<>();
    /** For each agency, the clock of what it has seen (its causal context). */
    final Map<String, Map<String, Long>> seen = new HashMap<>();

    SimIncident(String id, String type, Agency owner, Agency partner, Shape shape, int plannedEdits,
                boolean endsInDeletion, double lon, double lat, double heading, double size, Severity severity) {
        this.id = id;
        this.type = type;
        this.owner = owner;
        this.partner = partner;
        this.shape = shape;
        this.plannedEdits = plannedEdits;
        this.endsInDeletion = endsInDeletion;
        this.lon = lon;
        this.lat = lat;
        this.heading = heading;
        this.size = size;
        this.severity = severity;
    }

    /** The agency brings its view up to date with every edit made so far. */
    void catchUp(Agency agency) {
        seen.computeIfAbsent(agency.id(), a -> new TreeMap<>()).putAll(sequence);
    }

    /** Records a new edit by the agency and returns its dot's sequence number and causal context. */
    Map<String, Long> edit(Agency agency) {
        long next = sequence.merge(agency.id(), 1L, Long::sum);
        Map<String, Long> clock = seen.computeIfAbsent(agency.id(), a -> new TreeMap<>());
        clock.put(agency.id(), next);
        edits++;
        return new TreeMap<>(clock);
    }

    /** Status along the planned lifecycle: active, then contained at half, resolved at the end. */
    IncidentStatus plannedStatus() {
        double progress = (double) edits / plannedEdits;
        if (progress >= 1.0) {
            return IncidentStatus.RESOLVED;
        }
        return progress >= 0.5 ? IncidentStatus.CONTAINED : IncidentStatus.ACTIVE;
    }

    boolean finished() {
        return edits >= plannedEdits;
    }
}
