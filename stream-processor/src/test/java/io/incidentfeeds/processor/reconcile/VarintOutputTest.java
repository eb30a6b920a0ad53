package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

/** VarintOutput writes the bytes Kafka's ByteUtils and ByteBuffer write, so states written before it read the same. */
class VarintOutputTest {

    @Property(tries = 2000)
    void anIntIsWrittenAsByteUtilsWritesAnUnsignedVarint(@ForAll int value) {
        ByteBuffer expected = ByteBuffer.allocate(5);
        ByteUtils.writeUnsignedVarint(value, expected);
        VarintOutput out = new VarintOutput(1);
        out.putUnsignedVarint(value);
        assertThat(out.toByteArray()).isEqualTo(written(expected));
    }

    @Property(tries = 2000)
    void aLongIsWrittenAsByteUtilsWritesAVarlong(@ForAll long value) {
        ByteBuffer expected = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, expected);
        VarintOutput out = new VarintOutput(1);
        out.putVarlong(value);
        assertThat(out.toByteArray()).isEqualTo(written(expected));
    }

    @Property(tries = 500)
    void aDoubleIsWrittenAsAByteBufferWritesIt(@ForAll double value) {
        VarintOutput out = new VarintOutput(1);
        out.putDouble(value);
        assertThat(out.toByteArray()).isEqualTo(ByteBuffer.allocate(8).putDouble(value).array());
    }

    @Test
    void theEdgesOfEachLengthAreWrittenAsByteUtilsWritesThem() {
        for (int bits = 0; bits < 64; bits++) {
            for (long value : new long[] {(1L << bits) - 1, 1L << bits, -(1L << bits), -(1L << bits) - 1}) {
                ByteBuffer expected = ByteBuffer.allocate(10);
                ByteUtils.writeVarlong(value, expected);
                VarintOutput out = new VarintOutput(1);
                out.putVarlong(value);
                assertThat(out.toByteArray()).as("%d", value).isEqualTo(written(expected));
                if (bits < 32) {
                    ByteBuffer expectedInt = ByteBuffer.allocate(5);
                    ByteUtils.writeUnsignedVarint((int) value, expectedInt);
                    out.clear().putUnsignedVarint((int) value);
                    assertThat(out.toByteArray()).as("%d", (int) value).isEqualTo(written(expectedInt));
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

    private static byte[] written(ByteBuffer buffer) {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
