package io.incidentfeeds.edge.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * A text message encoded once as a whole, unmasked, final WebSocket frame (RFC 6455 section 5.2:
 * the header, then the UTF-8 payload) in one direct buffer, so that the fan-out can write the same
 * bytes to every session below the channel's WebSocket encoder instead of having the encoder copy
 * them with a new header into a new buffer per session.
 */
final class WireFrame {

    private static final int FIN_TEXT = 0x81;

    private WireFrame() {
    }

    static ByteBuf text(CharSequence text) {
        int length = ByteBufUtil.utf8Bytes(text);
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = ByteBufAllocator.DEFAULT.directBuffer(header + length);
        frame.writeByte(FIN_TEXT);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        ByteBufUtil.writeUtf8(frame, text);
        return frame;
    }
}
