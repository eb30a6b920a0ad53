package io.incidentfeeds.processing.state;

import java.nio.ByteBuffer;

/** Reads the varints {@link VarintOutput} writes: Kafka's encoding, which wrote the states before it. */
final class VarintInput {

    private VarintInput() {
    }

    /** An unsigned varint of at most 5 bytes. */
    static int readUnsignedVarint(ByteBuffer in) {
        int value = 0;
        int shift = 0;
        int b;
        while (((b = in.get()) & 0x80) != 0) {
            value |= (b & 0x7f) << shift;
            shift += 7;
            if (shift > 28) {
                throw new IllegalArgumentException("varint longer than 5 bytes");
            }
        }
        return value | b << shift;
    }

    /** A zig-zag varlong of at most 10 bytes. */
    static long readVarlong(ByteBuffer in) {
        long raw = 0;
        int shift = 0;
        long b;
        while (((b = in.get()) & 0x80) != 0) {
            raw |= (b & 0x7f) << shift;
            shift += 7;
            if (shift > 63) {
                throw new IllegalArgumentException("varlong longer than 10 bytes");
            }
        }
        raw |= b << shift;
        return (raw >>> 1) ^ -(raw & 1);
    }
}
