package io.incidentfeeds.schemas.reconciled;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ShortestDecimal;
import io.incidentfeeds.schemas.json.StreamedJson;
import java.util.Map;
import java.util.SortedMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.POJONode;
import tools.jackson.databind.util.RawValue;

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

    /**
     * Doubles (the bbox's) in their shortest form on every JDK (Schubfach), which lets
     * {@link ShortestDecimal} write the usual six-decimal values without a search; on JDK 17 these are
     * the digits its own writer gives them.
     */
    public static final ObjectWriter WRITER = ContractJson.mapper().writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);

    // Names and the constant value pre-encoded: written once per emitted version.
    private static final SerializableString FEATURE = new SerializedString("Feature");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString BBOX = new SerializedString("bbox");
    private static final SerializableString GEOMETRY = new SerializedString("geometry");
    private static final SerializableString PROPERTIES = new SerializedString("properties");
    private static final SerializableString RECONCILIATION = new SerializedString("reconciliation");

    @JsonProperty("type")
    public String type() {
        return "Feature";
    }

    public static ReconciledIncident fromJson(byte[] value) {
        return ContractJson.mapper().readValue(value, ReconciledIncident.class);
    }

    /**
     * The record's JSON, streamed: the processor writes one per emitted version, and databind's
     * generic walk over these records was a tenth of its reconcile step. The bytes are those
     * databind writes for this record (the annotations above; CodecsTest compares the two) with the
     * shortest-decimal writer for doubles ({@link #WRITER}).
     */
    public byte[] toJson() {
        return WRITER.writeValueAsBytes(StreamedJson.of(this::write));
    }

    private void write(JsonGenerator g) {
        g.writeStartObject();
        g.writeName(TYPE);
        g.writeString(FEATURE);
        StreamedJson.writeString(g, ID, id);
        StreamedJson.writeDoubles(g, BBOX, bbox);
        if (geometry != null) {
            g.writeName(GEOMETRY);
            writeValue(g, geometry);
        }
        if (properties != null) {
            g.writeName(PROPERTIES);
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> p : properties.entrySet()) {
                g.writeName(p.getKey());
                writeValue(g, p.getValue());
            }
            g.writeEndObject();
        }
        if (reconciliation != null) {
            g.writeName(RECONCILIATION);
            reconciliation.write(g);
        }
        g.writeEndObject();
    }

    /**
     * A value as {@code g.writeTree} writes it; a raw value (JSON text the processor already holds)
     * handed to the generator directly, without the serializer lookup a tree goes through.
     */
    private static void writeValue(JsonGenerator g, JsonNode value) {
        if (value instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw) {
            raw.serialize(g);
        } else {
            g.writeTree(value);
        }
    }

    /** A property as text, or null when absent. */
    public String property(String name) {
        JsonNode node = properties.get(name);
        return node == null || node.isNull() ? null : node.asString();
    }
}
