package io.incidentfeeds.schemas.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;

/**
 * How fast a replay plays: a factor of the recorded pace (from {@link #SLOWEST} to {@link #FASTEST}),
 * or {@code "max"}: as fast as the console takes the frames. On the wire a number or the string
 * {@code "max"}; the range is the edge's to check (REPLAY_INVALID), so a factor outside it still decodes.
 *
 * @param factor recorded seconds per second played; {@code +Infinity} for max
 */
public record ReplaySpeed(double factor) {

    public static final double SLOWEST = 0.5;
    public static final double FASTEST = 100;
    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);
    private static final String MAX_WIRE = "max";

    public ReplaySpeed {
        if (Double.isNaN(factor)) {
            throw new IllegalArgumentException("a replay speed is a number or \"max\"");
        }
    }

    /** A number, or the string "max"; anything else (a number too large for a double included) is refused. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ReplaySpeed of(JsonNode wire) {
        if (wire != null && wire.isString() && MAX_WIRE.equals(wire.asString())) {
            return MAX;
        }
        if (wire == null || !wire.isNumber() || Double.isInfinite(wire.asDouble())) {
            throw new IllegalArgumentException("a replay speed is a number or \"max\"");
        }
        return new ReplaySpeed(wire.asDouble());
    }

    public boolean isMax() {
        return factor == Double.POSITIVE_INFINITY;
    }

    /** Whether the edge plays at this speed: max, or a factor from SLOWEST to FASTEST. */
    public boolean inRange() {
        return isMax() || (factor >= SLOWEST && factor <= FASTEST);
    }

    @JsonValue
    public Object wire() {
        return isMax() ? MAX_WIRE : (Object) factor;
    }

    @Override
    public String toString() {
        return isMax() ? MAX_WIRE : factor + "x";
    }
}
