package io.incidentfeeds.processing.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

/** VarintInput reads what Kafka's ByteUtils wrote (and reads), so states stored before it read the same. */
class VarintInputTest {

    @Property(tries = 2000)
    void anUnsignedVarintReadsAsByteUtilsReadsIt(@ForAll int value) {
        ByteBuffer written = ByteBuffer.allocate(10);
        ByteUtils.writeUnsignedVarint(value, written);
        written.flip();

        assertThat(VarintInput.readUnsignedVarint(written.duplicate())).isEqualTo(ByteUtils.readUnsignedVarint(written.duplicate()))
                .isEqualTo(value);
    }

    @Property(tries = 2000)
    void aVarlongReadsAsByteUtilsReadsIt(@ForAll long value) {
        ByteBuffer written = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, written);
        written.flip();
        ByteBuffer ours = written.duplicate();

        assertThat(VarintInput.readVarlong(ours)).isEqualTo(ByteUtils.readVarlong(written.duplicate())).isEqualTo(value);
        assertThat(ours.hasRemaining()).as("every byte read").isFalse();
    }

    @Test
    void aVarintLongerThanItsTypeIsRefused() {
        byte[] tooLong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, 1};
        assertThatThrownBy(() -> VarintInput.readUnsignedVarint(ByteBuffer.wrap(tooLong)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VarintInput.readVarlong(ByteBuffer.wrap(tooLong)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
