package io.incidentfeeds.processing.state;

import java.util.Arrays;

/**
 * A growable byte array for {@link IncidentStateSerde}'s writer, with Kafka's varint encodings
 * ({@code ByteUtils}: unsigned LEB128 for ints, zig-zag then LEB128 for longs) and big-endian
 * doubles, the bytes {@code ByteUtils} and {@code ByteBuffer} write. Written directly into the
 * array: a state is written whole for every edit, a few hundred bytes mostly one at a time, and
 * through a {@code ByteBuffer} (a bounds check and a position update per byte) writing it was the
 * most sampled part of the reconcile step in a profile of the step alone.
 */
final class VarintOutput {

    private byte[] buffer;
    private int position;

    VarintOutput(int capacity) {
        this.buffer = new byte[capacity];
    }

    /** Empties it for the next state, keeping its array. */
    VarintOutput clear() {
        position = 0;
        return this;
    }

    void put(byte value) {
        room(1);
        buffer[position++] = value;
    }

    void putUnsignedVarint(int value) {
        room(5);
        while ((value & ~0x7F) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    /** Zig-zag: small negative values (-1 for "never") stay short. */
    void putVarlong(long value) {
        room(10);
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[position++] = (byte) v;
    }

    void putDouble(double value) {
        room(8);
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (bits >>> shift);
        }
    }

    void put(byte[] value) {
        room(value.length);
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    private void room(int bytes) {
        if (buffer.length - position < bytes) {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, position + bytes));
        }
    }
}
