package io.incidentfeeds.schemas.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import tools.jackson.databind.JsonNode;

/**
 * Validates documents against the contract's JSON Schemas (draft 2020-12).
 *
 * <p>Each schema is compiled once, from the classpath, with {@code $id}s under {@link
 * ContractSchema#ID_BASE} mapped to {@code classpath:schemas/}: no network access ever. Instances
 * are immutable and thread-safe; share one ({@link #shared()}).
 */
public final class ContractValidator {

    private static final ContractValidator SHARED = new ContractValidator();

    private final Map<ContractSchema, Schema> schemas = new EnumMap<>(ContractSchema.class);
    /** Definitions ({@code $defs}) asked for by {@link #validateDefinition}, compiled on first use. */
    private final Map<String, Schema> definitions = new java.util.concurrent.ConcurrentHashMap<>();
    private final SchemaRegistry registry;

    private ContractValidator() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .build();
        // Draft 2020-12 as the library defines it, but for the date-time format's short cut.
        Dialect dialect = Dialect.builder(Dialects.getDraft202012()).format(new ContractDateTimeFormat()).build();
        registry = SchemaRegistry.withDefaultDialect(dialect,
                builder -> builder
                        .schemaRegistryConfig(config)
                        .schemaIdResolvers(resolvers -> resolvers.mapPrefix(ContractSchema.ID_BASE, "classpath:schemas/")));
        for (ContractSchema s : ContractSchema.values()) {
            Schema schema = registry.getSchema(SchemaLocation.of(s.id()));
            schema.initializeValidators();
            schemas.put(s, schema);
        }
    }

    public static ContractValidator shared() {
        return SHARED;
    }

    /**
     * All violations of {@code schema} by {@code document}, most specific (deepest pointer) first;
     * empty when the document is valid.
     */
    public List<SchemaViolation> validate(ContractSchema schema, JsonNode document) {
        return violations(schemas.get(schema).validate(document), (pointer, keyword) -> false);
    }

    /**
     * As {@link #validate(ContractSchema, JsonNode)}, without the violations {@code setAside}
     * accepts (given their pointer and keyword): for a caller that validates a document with a
     * member it has taken out on purpose. They are dropped before their messages are formatted,
     * which is most of what a violation costs.
     */
    public List<SchemaViolation> validate(ContractSchema schema, JsonNode document, BiPredicate<String, String> setAside) {
        return violations(schemas.get(schema).validate(document), setAside);
    }

    private static List<SchemaViolation> violations(List<Error> errors, BiPredicate<String, String> setAside) {
        if (errors.isEmpty()) {
            return List.of();
        }
        return errors.stream()
                .filter(e -> !setAside.test(pointerOf(e), e.getKeyword()))
                .map(e -> new SchemaViolation(pointerOf(e), e.getKeyword(), e.getMessage()))
                .sorted(Comparator.comparingInt((SchemaViolation v) -> -v.pointer().length())
                        .thenComparing(SchemaViolation::pointer))
                .toList();
    }

    /**
     * All violations of the definition {@code $defs/<definition>} of {@code schema} by
     * {@code document} (pointers relative to it), most specific first: for a caller that checks one
     * part of a document against the part of the contract that governs it.
     */
    public List<SchemaViolation> validateDefinition(ContractSchema schema, String definition, JsonNode document) {
        Schema compiled = definitions.computeIfAbsent(schema.id() + "#/$defs/" + definition, location -> {
            Schema s = registry.getSchema(SchemaLocation.of(location));
            s.initializeValidators();
            return s;
        });
        return violations(compiled.validate(document), (pointer, keyword) -> false);
    }

    public boolean isValid(ContractSchema schema, JsonNode document) {
        return validate(schema, document).isEmpty();
    }

    private static String pointerOf(Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        // The validator reports the parent for 'required'; point at the missing member itself.
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            return location + "/" + error.getProperty();
        }
        return location;
    }
}
