package io.incidentfeeds.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    /** Found by ClientFramesFuzzTest: a pair split between parts was counted 7 bytes, not 4. */
    @Test
    void aSurrogatePairSplitBetweenPartsCountsItsFourUtf8Bytes() {
        String fire = "\uD83D\uDD25"; // U+1F525, 4 bytes in UTF-8
        String frame = "{\"token\":\"" + fire + fire + "\"}";
        int bytes = frame.getBytes(StandardCharsets.UTF_8).length;
        FrameAssembler exact = new FrameAssembler(bytes);

        assertThat(exact.add(frame.substring(0, 11), false)).isNull();
        FrameAssembler.Frame assembled = exact.add(frame.substring(11), true);

        assertThat(assembled.bytes()).isEqualTo(bytes);
        assertThat(assembled.oversized()).isFalse();
        assertThat(assembled.text()).isEqualTo(frame);
    }

    @Test
    void overTheLimitItKeepsTheSizeNotTheText() {
        FrameAssembler small = new FrameAssembler(4);
        assertThat(small.add("abc", false)).isNull();
        FrameAssembler.Frame frame = small.add("\u00e9\u20ac", true);
        assertThat(frame.oversized()).isTrue();
        assertThat(frame.bytes()).isEqualTo(3 + 2 + 3);
        assertThat(small.add("ok", true)).isEqualTo(new FrameAssembler.Frame("ok", 2));
    }
}
