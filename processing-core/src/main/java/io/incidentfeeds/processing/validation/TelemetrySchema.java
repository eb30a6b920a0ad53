package io.incidentfeeds.processing.validation;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.json.SchemaViolation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract's telemetry schema ({@code telemetry.schema.json}), applied so that a geometry is
 * checked against the definition of its own type instead of every type in turn.
 *
 * <p>Why: {@code geojson-geometry.schema.json} is a {@code oneOf} of seven definitions, each pinned
 * by {@code "type": {"const": ...}}. A validator must try all seven, walking every position of a
 * 200-vertex polygon against the Point, LineString, MultiPoint... definitions too and building an
 * error for each mismatch: three quarters of the processor's time went there, and the detail of a
 * real error drowned in the other branches' noise. Since only the definition whose {@code const}
 * matches can pass, validating the Feature without its geometry (setting aside the one violation
 * that says it is missing) plus the geometry against {@code $defs/<its type>} accepts and refuses
 * exactly the same documents
 * ({@code TelemetrySchemaTest} checks it against {@link ContractValidator} on every example and on
 * random mutations). A geometry whose {@code type} is not one of the seven goes through the whole
 * schema unchanged.
 *
 * <p>Both halves come from the {@code schemas} module's files: the Feature through
 * {@link ContractValidator#shared()}, the geometry through its seven definitions
 * ({@link ContractValidator#validateDefinition}). Thread-safe.
 */
public final class TelemetrySchema {

    private static final List<String> GEOMETRY_TYPES = List.of(
            "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection");

    private final ContractValidator contract = ContractValidator.shared();

    public TelemetrySchema() {
        // Compile every type's definition now, not on the first record of that type.
        GEOMETRY_TYPES.forEach(type -> contract.validateDefinition(ContractSchema.GEOMETRY, type,
                ContractJson.mapper().createObjectNode()));
    }

    /** Every violation of the telemetry schema, deepest pointer first; empty when valid. */
    public List<SchemaViolation> validate(JsonNode document) {
        JsonNode geometry = document.path("geometry");
        String type = geometry.isObject() ? geometry.path("type").asString("") : "";
        if (!GEOMETRY_TYPES.contains(type) || !document.isObject()) {
            return contract.validate(ContractSchema.TELEMETRY, document);
        }
        List<SchemaViolation> violations = new ArrayList<>(
                contract.validate(ContractSchema.TELEMETRY, withoutGeometry(document), TelemetrySchema::isTheMissingGeometry));
        if (!GeometryShape.certainlyValid(geometry)) { // a valid geometry skips the schema's walk over its positions
            for (SchemaViolation v : contract.validateDefinition(ContractSchema.GEOMETRY, type, geometry)) {
                violations.add(new SchemaViolation("/geometry" + v.pointer(), v.keyword(), v.message()));
            }
        }
        violations.sort(Comparator.comparingInt((SchemaViolation v) -> -v.pointer().length()).thenComparing(SchemaViolation::pointer));
        return violations;
    }

    /**
     * The Feature without its geometry member (shallow: the other members are shared, not copied).
     * Absent rather than null: a null still runs the {@code oneOf} of every geometry type, each
     * failing with an error built for nothing, where an absent member costs one {@code required}
     * violation, which is then set aside.
     */
    private static ObjectNode withoutGeometry(JsonNode document) {
        ObjectNode feature = ContractJson.mapper().createObjectNode();
        document.properties().forEach(member -> {
            if (!member.getKey().equals("geometry")) {
                feature.set(member.getKey(), member.getValue());
            }
        });
        return feature;
    }

    private static boolean isTheMissingGeometry(String pointer, String keyword) {
        return keyword.equals("required") && pointer.equals("/geometry");
    }
}
