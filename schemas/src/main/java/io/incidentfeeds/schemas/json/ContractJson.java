package io.incidentfeeds.schemas.json;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one Jackson configuration of the contract. Every module reads and writes contract JSON through
 * {@link #mapper()}, so that limits and naming are the same on every hop.
 *
 * <p>The stream limits are the first defence against hostile payloads: a 10 MB string, a
 * 10,000-deep array or a 100,000-digit number is refused by the parser before it costs memory or
 * CPU. They are sized against the 256 KiB payload limit of the telemetry contract.
 */
public final class ContractJson {

    /** The largest telemetry payload, in bytes (the contract's limit: 256 KiB). */
    public static final int MAX_PAYLOAD_BYTES = 262_144;
    /** Deepest nesting a contract document needs (a MultiPolygon is 5 deep inside a Feature). */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longest string: nothing in the contract needs more than the payload itself. */
    public static final int MAX_STRING_LENGTH = MAX_PAYLOAD_BYTES;
    /** Longest number literal: a double needs at most ~25 characters. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Longest property name. */
    public static final int MAX_NAME_LENGTH = 256;

    private static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder()
                            .streamReadConstraints(StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_NESTING_DEPTH)
                                    .maxStringLength(MAX_STRING_LENGTH)
                                    .maxNumberLength(MAX_NUMBER_LENGTH)
                                    .maxNameLength(MAX_NAME_LENGTH)
                                    .maxDocumentLength(4L * MAX_PAYLOAD_BYTES)
                                    .build())
                            .streamWriteConstraints(StreamWriteConstraints.builder()
                                    .maxNestingDepth(MAX_NESTING_DEPTH * 2)
                                    .build())
                            .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private ContractJson() {
    }

    /** The shared, immutable mapper (thread-safe). */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
