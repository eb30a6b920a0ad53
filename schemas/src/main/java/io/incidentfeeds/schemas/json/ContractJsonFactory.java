package io.incidentfeeds.schemas.json;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * The contract's streaming JSON factory and its limits, with nothing but jackson-core: the
 * connector reads raw payloads through it without databind on its plugin path, and
 * {@link ContractJson}'s mapper is built on it, so both refuse the same hostile input.
 *
 * <p>The limits are the first defence against hostile payloads: a 10 MB string, a 10,000-deep
 * array or a 100,000-digit number is refused by the parser before it costs memory or CPU. They are
 * sized against the 256 KiB payload limit of the telemetry contract.
 */
public final class ContractJsonFactory {

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

    private static final JsonFactory FACTORY = JsonFactory.builder()
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
            .build();

    private ContractJsonFactory() {
    }

    /** The shared, immutable factory (thread-safe). */
    public static JsonFactory get() {
        return FACTORY;
    }
}
