package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.Reconciliation;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Less than any reconcile step can do: reconciliation's Kafka work ({@link ReconciliationStandIn})
 * and one version rendered straight from the normalized edit's tree, its first
 * {@value #STATE_BYTES} bytes stored as the state. No value is kept in a form a later edit could be
 * merged with, and nothing is decided. {@code --reconciliation ...bench.ReconciliationFloorRenderOnly}.
 */
public final class ReconciliationFloorRenderOnly extends ReconciliationStandIn {

    @Override
    Output handle(NormalizedEdit edit, byte[] stored, boolean emits) {
        byte[] version = render(edit);
        return new Output(Arrays.copyOf(version, STATE_BYTES), emits ? version : null);
    }

    private static byte[] render(NormalizedEdit normalized) {
        Telemetry t = normalized.edit();
        SortedMap<String, JsonNode> properties = new TreeMap<>(t.attributes());
        properties.put("incident_id", JsonNodeFactory.instance.stringNode(t.incidentId()));
        properties.put("status", JsonNodeFactory.instance.stringNode(t.status().wire()));
        if (t.incidentType() != null) {
            properties.put("incident_type", JsonNodeFactory.instance.stringNode(t.incidentType()));
        }
        if (t.severity() != null) {
            properties.put("severity", JsonNodeFactory.instance.stringNode(t.severity().wire()));
        }
        double[] bbox = normalized.bbox().isEmpty() ? null : normalized.bbox().stream().mapToDouble(Double::doubleValue).toArray();
        SortedMap<String, Long> clock = new TreeMap<>(t.causalContext());
        Reconciliation reconciliation = new Reconciliation(t.sequenceNumber(), DiffType.UPDATE, clock,
                List.copyOf(clock.keySet()), normalized.jurisdictions(), t.timestamp(), List.of(), normalized.source());
        JsonNode geometry = t.geometry() == null ? JsonNodeFactory.instance.nullNode() : t.geometry();
        return new ReconciledIncident(t.incidentId(), bbox, geometry, properties, reconciliation).toJson();
    }
}
