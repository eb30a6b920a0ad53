package io.incidentfeeds.schemas.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one Jackson configuration of the contract. Every module reads and writes contract JSON through
 * {@link #mapper()}, so that limits and naming are the same on every hop. Its parser limits are
 * {@link ContractJsonFactory}'s.
 */
public final class ContractJson {

    /** The largest telemetry payload, in bytes (the contract's limit: 256 KiB). */
    public static final int MAX_PAYLOAD_BYTES = ContractJsonFactory.MAX_PAYLOAD_BYTES;
    /** Deepest nesting a contract document needs (a MultiPolygon is 5 deep inside a Feature). */
    public static final int MAX_NESTING_DEPTH = ContractJsonFactory.MAX_NESTING_DEPTH;
    /** Longest string: nothing in the contract needs more than the payload itself. */
    public static final int MAX_STRING_LENGTH = ContractJsonFactory.MAX_STRING_LENGTH;
    /** Longest number literal: a double needs at most ~25 characters. */
    public static final int MAX_NUMBER_LENGTH = ContractJsonFactory.MAX_NUMBER_LENGTH;
    /** Longest property name. */
    public static final int MAX_NAME_LENGTH = ContractJsonFactory.MAX_NAME_LENGTH;

    private static final JsonMapper MAPPER = JsonMapper.builder(ContractJsonFactory.get())
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
