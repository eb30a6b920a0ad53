package io.incidentfeeds.schemas.reconciled;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.StreamedJson;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import tools.jackson.core.JsonGenerator;
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

    /**
     * The record's JSON, streamed: the processor writes one per emitted version, and databind's
     * generic walk over these records was a tenth of its reconcile step. The bytes are those
     * databind writes for this record (the annotations above; CodecsTest compares the two).
     */
    public byte[] toJson() {
        return ContractJson.mapper().writeValueAsBytes(StreamedJson.of(this::write));
    }

    private void write(JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("type", type());
        if (id != null) {
            g.writeStringProperty("id", id);
        }
        if (bbox != null) {
            g.writeName("bbox");
            g.writeArray(bbox, 0, bbox.length);
        }
        if (geometry != null) {
            g.writeName("geometry");
            g.writeTree(geometry);
        }
        if (properties != null) {
            g.writeObjectPropertyStart("properties");
            for (Map.Entry<String, JsonNode> p : properties.entrySet()) {
                g.writeName(p.getKey());
                g.writeTree(p.getValue());
            }
            g.writeEndObject();
        }
        if (reconciliation != null) {
            g.writeName("reconciliation");
            write(reconciliation, g);
        }
        g.writeEndObject();
    }

    private static void write(Reconciliation r, JsonGenerator g) {
        g.writeStartObject();
        g.writeNumberProperty("version", r.version());
        if (r.diffType() != null) {
            g.writeStringProperty("diff_type", r.diffType().wire());
        }
        if (r.clock() != null) {
            g.writeObjectPropertyStart("clock");
            r.clock().forEach(g::writeNumberProperty);
            g.writeEndObject();
        }
        writeStrings("agencies", r.agencies(), g);
        writeStrings("jurisdictions", r.jurisdictions(), g);
        if (r.eventTime() != null) {
            g.writeStringProperty("event_time", TelemetryCodec.formatTimestamp(r.eventTime()));
        }
        if (r.conflicts() != null) {
            g.writeArrayPropertyStart("conflicts");
            for (ConflictSummary c : r.conflicts()) {
                g.writeStartObject();
                g.writeStringProperty("field", c.field());
                write("kept", c.kept(), g);
                write("discarded", c.discarded(), g);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (r.source() != null) {
            g.writeObjectPropertyStart("source");
            g.writeStringProperty("topic", r.source().topic());
            g.writeNumberProperty("partition", r.source().partition());
            g.writeNumberProperty("offset", r.source().offset());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeStrings(String name, List<String> values, JsonGenerator g) {
        if (values != null) {
            g.writeArrayPropertyStart(name);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
    }

    private static void write(String name, Dot dot, JsonGenerator g) {
        if (dot != null) {
            g.writeObjectPropertyStart(name);
            g.writeStringProperty("agency_id", dot.agencyId());
            g.writeNumberProperty("sequence_number", dot.sequenceNumber());
            g.writeEndObject();
        }
    }

    /** A property as text, or null when absent. */
    public String property(String name) {
        JsonNode node = properties.get(name);
        return node == null || node.isNull() ? null : node.asString();
    }
}
