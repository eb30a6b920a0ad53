package io.incidentfeeds.schemas.telemetry;

import io.incidentfeeds.schemas.geojson.GeoJsonGeometries;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ShortestDecimal;
import io.incidentfeeds.schemas.json.StreamedJson;
import io.incidentfeeds.schemas.json.WireEnum;
import com.ethlo.time.ITU;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes telemetry Features (telemetry.schema.json) as {@link Telemetry}. */
public final class TelemetryCodec {

    /** The property names with a meaning of their own; everything else is a free attribute. */
    public static final Set<String> RESERVED_PROPERTIES = Set.of(
            "incident_id", "agency_id", "incident_type", "status", "severity", "timestamp",
            "sequence_number", "clock", "op");

    /** The years {@link #formatTimestamp} writes through ITU: four digits, no sign. */
    private static final long FIRST_FOUR_DIGIT_YEAR = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long FIRST_FIVE_DIGIT_YEAR = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

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
        return ContractJson.mapper().valueToTree(StreamedJson.of(g -> write(t, List.of(), g)));
    }

    /**
     * Streams the Feature for an edit to {@code g}: the members of {@link #write(Telemetry)} in the
     * same order, and {@code bbox} right after "type" (where RFC 7946's examples put it) unless
     * empty. For a caller that wants bytes: no tree is built first.
     */
    public static void write(Telemetry t, List<Double> bbox, JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("type", "Feature");
        if (!bbox.isEmpty()) {
            g.writeArrayPropertyStart("bbox");
            for (double d : bbox) {
                ShortestDecimal.write(g, d);
            }
            g.writeEndArray();
        }
        if (t.crs() != null) {
            g.writeStringProperty("crs", t.crs());
        }
        if (t.geometry() == null) {
            g.writeNullProperty("geometry");
        } else {
            g.writeName("geometry");
            GeoJsonGeometries.stream(t.geometry(), g);
        }
        g.writeObjectPropertyStart("properties");
        g.writeStringProperty("incident_id", t.incidentId());
        g.writeStringProperty("agency_id", t.agencyId());
        if (t.incidentType() != null) {
            g.writeStringProperty("incident_type", t.incidentType());
        }
        g.writeStringProperty("status", t.status().wire());
        if (t.severity() != null) {
            g.writeStringProperty("severity", t.severity().wire());
        }
        g.writeStringProperty("timestamp", formatTimestamp(t.timestamp()));
        g.writeNumberProperty("sequence_number", t.sequenceNumber());
        if (!t.clock().isEmpty()) {
            g.writeObjectPropertyStart("clock");
            t.clock().forEach(g::writeNumberProperty);
            g.writeEndObject();
        }
        if (t.op() != EditOp.UPSERT) {
            g.writeStringProperty("op", t.op().wire());
        }
        t.attributes().forEach((name, value) -> {
            g.writeName(name);
            g.writeTree(value);
        });
        g.writeEndObject();
        g.writeEndObject();
    }

    /** RFC 3339 with an offset, as the schema's date-time format requires. */
    public static Instant parseTimestamp(String rfc3339) {
        // ITU (the RFC 3339 parser the schema validator uses) first: java.time's formatter took a
        // tenth of validating a point edit. java.time stays the judge: ITU also reads a space for
        // the 'T', which java.time refuses, so that goes to java.time; anything ITU refuses goes to
        // java.time too, which words the error. Otherwise the two agree (3 million fuzzed strings).
        if (rfc3339.length() > 10 && rfc3339.charAt(10) != ' ') {
            try {
                return ITU.parseDateTime(rfc3339).toInstant();
            } catch (DateTimeException e) {
                // refused: java.time decides below
            }
        }
        return OffsetDateTime.parse(rfc3339, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * The contract's canonical spelling of an instant: UTC, 'Z', as {@link DateTimeFormatter#ISO_INSTANT}
     * writes it (fractions in groups of three digits, none when whole). Years 1 to 9999 through ITU,
     * which writes the same characters without java.time's formatter (every output record has a
     * timestamp or two); other years, java.time.
     */
    public static String formatTimestamp(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FOUR_DIGIT_YEAR || seconds >= FIRST_FIVE_DIGIT_YEAR) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        int nanos = instant.getNano();
        int digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        // Not OffsetDateTime.ofInstant: it asks the offset for its rules, and ZoneOffset builds new
        // ZoneRules (with a map) on every call; UTC needs none. Every version and edit written has a timestamp.
        return ITU.formatUtc(OffsetDateTime.of(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), ZoneOffset.UTC), digits);
    }

    /** {@code name: timestamp} in the contract's spelling, or nothing for a null instant (the contract's NON_NULL rule). */
    public static void writeTimestamp(JsonGenerator g, SerializableString name, Instant instant) {
        StreamedJson.writeString(g, name, instant == null ? null : formatTimestamp(instant));
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
