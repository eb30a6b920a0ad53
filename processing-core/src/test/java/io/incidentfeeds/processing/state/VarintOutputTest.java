package io.incidentfeeds.processing.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

/** VarintOutput writes the bytes Kafka's ByteUtils and ByteBuffer write, so states written before it read the same. */
class VarintOutputTest {

    @Property(tries = 2000)
    void anIntIsWrittenAsByteUtilsWritesAnUnsignedVarint(@ForAll int value) {
        assertWritesAsReference(out -> out.putUnsignedVarint(value), buffer -> ByteUtils.writeUnsignedVarint(value, buffer));
    }

    @Property(tries = 2000)
    void aLongIsWrittenAsByteUtilsWritesAVarlong(@ForAll long value) {
        assertWritesAsReference(out -> out.putVarlong(value), buffer -> ByteUtils.writeVarlong(value, buffer));
    }

    @Property(tries = 500)
    void aDoubleIsWrittenAsAByteBufferWritesIt(@ForAll double value) {
        assertWritesAsReference(out -> out.putDouble(value), buffer -> buffer.putDouble(value));
    }

    @Test
    void theEdgesOfEachLengthAreWrittenAsByteUtilsWritesThem() {
        for (int bits = 0; bits < 64; bits++) {
            for (long value : new long[] {(1L << bits) - 1, 1L << bits, -(1L << bits), -(1L << bits) - 1}) {
                assertWritesAsReference(out -> out.putVarlong(value), buffer -> ByteUtils.writeVarlong(value, buffer));
                if (bits < 32) {
                    int asInt = (int) value;
                    assertWritesAsReference(out -> out.putUnsignedVarint(asInt), buffer -> ByteUtils.writeUnsignedVarint(asInt, buffer));
                }
            }
        }
    }

    @Test
    void itGrowsAndIsReusedFromTheStartWhenCleared() {
        VarintOutput out = new VarintOutput(2);
        byte[] value = new byte[1000];
        Arrays.fill(value, (byte) 7);
        out.put((byte) 1);
        out.put(value);
        out.putVarlong(-1);
        assertThat(out.toByteArray()).hasSize(1002).startsWith(1, 7).endsWith(7, 1);
        out.clear().put((byte) 9);
        assertThat(out.toByteArray()).containsExactly(9);
    }

    /** What {@code ours} writes into a fresh VarintOutput (grown from one byte) equals what {@code reference} puts in a buffer. */
    private static void assertWritesAsReference(Consumer<VarintOutput> ours, Consumer<ByteBuffer> reference) {
        ByteBuffer expected = ByteBuffer.allocate(10);
        reference.accept(expected);
        VarintOutput out = new VarintOutput(1);
        ours.accept(out);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(expected.array(), expected.position()));
    }
}
