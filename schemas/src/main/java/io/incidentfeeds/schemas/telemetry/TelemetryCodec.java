package io.incidentfeeds.schemas.telemetry;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.WireEnum;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes telemetry Features (telemetry.schema.json) as {@link Telemetry}. */
public final class TelemetryCodec {

    /** The property names with a meaning of their own; everything else is a free attribute. */
    public static final Set<String> RESERVED_PROPERTIES = Set.of(
            "incident_id", "agency_id", "incident_type", "status", "severity", "timestamp",
            "sequence_number", "clock", "op");

    private TelemetryCodec() {
    }

    /**
     * Reads a Feature that has passed the telemetry schema. On a document that has not, it throws
     * {@link IllegalArgumentException} naming the field.
     */
    public static Telemetry read(JsonNode feature) {
        JsonNode props = feature.path("properties");
        if (!props.isObject()) {
            throw new IllegalArgumentException("properties: not an object");
        }
        SortedMap<String, Long> clock = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : props.path("clock").properties()) {
            clock.put(e.getKey(), e.getValue().asLong());
        }
        SortedMap<String, JsonNode> attributes = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : props.properties()) {
            if (!RESERVED_PROPERTIES.contains(e.getKey())) {
                attributes.put(e.getKey(), e.getValue());
            }
        }
        JsonNode geometry = feature.get("geometry");
        return new Telemetry(
                text(props, "incident_id"),
                text(props, "agency_id"),
                props.hasNonNull("incident_type") ? props.get("incident_type").asString() : null,
                wire(IncidentStatus.class, props, "status"),
                props.hasNonNull("severity") ? wire(Severity.class, props, "severity") : null,
                parseTimestamp(text(props, "timestamp")),
                props.path("sequence_number").asLong(),
                clock,
                props.hasNonNull("op") ? wire(EditOp.class, props, "op") : EditOp.UPSERT,
                attributes,
                geometry == null || geometry.isNull() ? null : geometry,
                feature.hasNonNull("crs") ? feature.get("crs").asString() : null);
    }

    /** Writes the Feature for an edit (fields in a stable order, so equal edits give equal bytes). */
    public static ObjectNode write(Telemetry t) {
        ObjectNode feature = ContractJson.mapper().createObjectNode();
        feature.put("type", "Feature");
        if (t.crs() != null) {
            feature.put("crs", t.crs());
        }
        if (t.geometry() == null) {
            feature.putNull("geometry");
        } else {
            feature.set("geometry", t.geometry());
        }
        ObjectNode props = feature.putObject("properties");
        props.put("incident_id", t.incidentId());
        props.put("agency_id", t.agencyId());
        if (t.incidentType() != null) {
            props.put("incident_type", t.incidentType());
        }
        props.put("status", t.status().wire());
        if (t.severity() != null) {
            props.put("severity", t.severity().wire());
        }
        props.put("timestamp", formatTimestamp(t.timestamp()));
        props.put("sequence_number", t.sequenceNumber());
        if (!t.clock().isEmpty()) {
            ObjectNode clock = props.putObject("clock");
            t.clock().forEach(clock::put);
        }
        if (t.op() != EditOp.UPSERT) {
            props.put("op", t.op().wire());
        }
        t.attributes().forEach(props::set);
        return feature;
    }

    /** RFC 3339 with an offset, as the schema's date-time format requires. */
    public static Instant parseTimestamp(String rfc3339) {
        return OffsetDateTime.parse(rfc3339, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** The contract's canonical spelling of an instant: UTC, 'Z'. */
    public static String formatTimestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String text(JsonNode props, String name) {
        JsonNode node = props.get(name);
        if (node == null || !node.isString()) {
            throw new IllegalArgumentException("properties." + name + ": missing or not a string");
        }
        return node.asString();
    }

    private static <E extends Enum<E> & WireEnum> E wire(Class<E> type, JsonNode props, String name) {
        String value = text(props, name);
        return WireEnum.fromWire(type, value)
                .orElseThrow(() -> new IllegalArgumentException("properties." + name + ": unknown value " + value));
    }
}
