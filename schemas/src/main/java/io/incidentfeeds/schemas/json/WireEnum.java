package io.incidentfeeds.schemas.json;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * An enum of the contract, spelled on the wire as its lower-case name. Jackson writes and reads
 * it through {@link #wire()}.
 */
public interface WireEnum {

    String name();

    int ordinal();

    Class<?> getDeclaringClass();

    /** The contract's spelling. */
    @JsonValue
    default String wire() {
        return WireSpellings.of(getDeclaringClass())[ordinal()];
    }

    /** The constant spelled {@code value} on the wire; empty for anything else (never throws). */
    static <E extends Enum<E> & WireEnum> Optional<E> fromWire(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(value)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
