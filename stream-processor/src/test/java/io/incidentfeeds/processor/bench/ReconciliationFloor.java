package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.Edit;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.Reconciliation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.util.RawValue;

/**
 * The least a reconcile step that meets the issue must do per edit, and no more: reconciliation's
 * Kafka work ({@link ReconciliationStandIn}), the edit's values taken as the state must keep them
 * (canonical JSON per field, {@link Edit#of}), and a version rendered from them with the contract's
 * streamed writer. Nothing is decided: the state stored is the stored one copied with one byte
 * changed (of reconciliation's mean size), and the version shows the edit's fields alone, so it is
 * smaller than a merged one (about 527 bytes against {@value #VERSION_BYTES}). Any real step does at
 * least this much, so its throughput against validate + normalize bounds what one can reach on the
 * machine it runs on. {@code --reconciliation ...bench.ReconciliationFloor}.
 */
public final class ReconciliationFloor extends ReconciliationStandIn {

    @Override
    Output handle(NormalizedEdit normalized, byte[] stored, boolean emits) {
        Edit edit = Edit.of(normalized);
        byte[] state = stored == null ? new byte[STATE_BYTES] : Arrays.copyOf(stored, STATE_BYTES);
        state[(int) (edit.dot().sequenceNumber() % STATE_BYTES)]++;
        return new Output(state, emits ? render(edit) : null);
    }

    /** The edit's fields as a version, values written as the canonical JSON the edit holds. */
    private static byte[] render(Edit edit) {
        SortedMap<String, JsonNode> properties = new TreeMap<>();
        properties.put("incident_id", JsonNodeFactory.instance.stringNode(edit.incidentId()));
        JsonNode geometry = JsonNodeFactory.instance.nullNode();
        for (Map.Entry<String, byte[]> value : edit.values().entrySet()) {
            JsonNode raw = JsonNodeFactory.instance.rawValueNode(new RawValue(new String(value.getValue(), StandardCharsets.UTF_8)));
            if (value.getKey().equals("geometry")) {
                geometry = raw;
            } else {
                properties.put(value.getKey(), raw);
            }
        }
        double[] bbox = edit.geometry() == null ? null : edit.geometry().bbox();
        List<String> jurisdictions = edit.geometry() == null ? List.of() : edit.geometry().jurisdictions();
        SortedMap<String, Long> clock = edit.clock().asMap();
        Reconciliation reconciliation = new Reconciliation(edit.dot().sequenceNumber(), DiffType.UPDATE, clock,
                List.copyOf(clock.keySet()), jurisdictions, edit.timestamp(), List.of(), edit.source());
        return new ReconciledIncident(edit.incidentId(), bbox, geometry, properties, reconciliation).toJson();
    }
}
