package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.reconciled.ConflictSummary;
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
 * The contract's records (reconciled incident, conflict record) from decided fields. Values are
 * written as the canonical JSON the state holds, without parsing them again.
 */
final class ReconciledRecords {

    /** The reserved properties, listed first; attributes follow in name order. */
    private static final List<String> RESERVED = List.of(Fields.INCIDENT_ID, Fields.INCIDENT_TYPE, Fields.STATUS, Fields.SEVERITY);

    record Rendered(byte[] json, int propertiesLeftOut) {
    }

    private ReconciledRecords() {
    }

    static Rendered incident(IncidentState state, Edit edit, SortedMap<String, Decision> decisions, boolean deleted,
                             DiffType diffType, List<ConflictSummary> conflicts) {
        SortedMap<String, JsonNode> properties = new TreeMap<>();
        properties.put(Fields.INCIDENT_ID, JsonNodeFactory.instance.stringNode(edit.incidentId()));
        int leftOut = 0;
        for (String name : ordered(decisions)) {
            byte[] value = decisions.get(name).value();
            if (Arrays.equals(value, CanonicalJson.NULL)) {
                continue; // removed by its latest write
            }
            if (properties.size() >= Fields.MAX_PROPERTIES) {
                leftOut++; // the contract caps properties; the state keeps them all
                continue;
            }
            properties.put(name, raw(value));
        }
        Decision geometry = decisions.get(Fields.GEOMETRY);
        FieldWrite.GeometryExtras extras = geometry == null ? null : geometry.kept().extras();
        Reconciliation reconciliation = new Reconciliation(state.version, diffType, state.clock.asMap(), state.applied.agencies(),
                extras == null ? List.of() : extras.jurisdictions(), edit.timestamp(), conflicts, edit.source());
        ReconciledIncident incident = new ReconciledIncident(edit.incidentId(), extras == null ? null : extras.bbox(),
                geometry == null ? JsonNodeFactory.instance.nullNode() : raw(geometry.value()), properties, reconciliation);
        return new Rendered(incident.toJson(), leftOut);
    }

    /** Reserved properties first, then attributes by name; never the geometry or the deletion. */
    private static List<String> ordered(SortedMap<String, Decision> decisions) {
        List<String> names = new java.util.ArrayList<>();
        for (String name : RESERVED) {
            if (decisions.containsKey(name)) {
                names.add(name);
            }
        }
        for (Map.Entry<String, Decision> e : decisions.entrySet()) {
            String name = e.getKey();
            if (!RESERVED.contains(name) && !name.equals(Fields.GEOMETRY) && !name.equals(Fields.DELETED)) {
                names.add(name);
            }
        }
        return names;
    }

    static byte[] conflict(Edit edit, String field, Decision decision, long version) {
        List<CompetingValue> competing = decision.competing().stream()
                .map(w -> new CompetingValue(w.dot().agencyId(), w.dot().sequenceNumber(), w.timestamp(), raw(w.value())))
                .toList();
        return new ConflictRecord(edit.incidentId(), field, competing, decision.kept().dot(), edit.timestamp(), version).toJson();
    }

    private static JsonNode raw(byte[] canonicalJson) {
        return JsonNodeFactory.instance.rawValueNode(new RawValue(new String(canonicalJson, StandardCharsets.UTF_8)));
    }
}
