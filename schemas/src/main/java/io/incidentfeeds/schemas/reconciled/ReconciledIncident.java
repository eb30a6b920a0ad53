package io.incidentfeeds.schemas.reconciled;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.incidentfeeds.schemas.json.ContractJson;
import java.util.SortedMap;
import tools.jackson.databind.JsonNode;

/**
 * A record value of {@code incidents.reconciled}: the merged state of one incident as an RFC 7946
 * Feature (reconciled-incident.schema.json). Properties are kept in name order so that the same
 * state always serializes to the same bytes.
 *
 * @param id             the incident id (also the record key)
 * @param bbox           [west, south, east, north]
 * @param geometry       normalized GeoJSON geometry
 * @param properties     merged properties: incident_id, incident_type, status, severity, attributes
 * @param reconciliation how this state came to be
 */
@JsonPropertyOrder({"type", "id", "bbox", "geometry", "properties", "reconciliation"})
public record ReconciledIncident(
        String id,
        double[] bbox,
        JsonNode geometry,
        SortedMap<String, JsonNode> properties,
        Reconciliation reconciliation) {

    @JsonProperty("type")
    public String type() {
        return "Feature";
    }

    public static ReconciledIncident fromJson(byte[] value) {
        return ContractJson.mapper().readValue(value, ReconciledIncident.class);
    }

    public byte[] toJson() {
        return ContractJson.mapper().writeValueAsBytes(this);
    }

    /** A property as text, or null when absent. */
    public String property(String name) {
        JsonNode node = properties.get(name);
        return node == null || node.isNull() ? null : node.asString();
    }
}
