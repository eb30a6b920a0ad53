package io.incidentfeeds.edge.session;

/**
 * Puts a client's text frame back together from the parts the container delivers. The container
 * keeps only a small buffer per connection (a few KiB instead of the largest frame allowed, which
 * matters with thousands of connections) and hands over a frame in parts; this counts its size in
 * UTF-8 bytes and, past the limit, stops keeping it but remembers how large it got, so the edge can
 * refuse it with an error instead of the container closing the connection. One per session; the
 * container delivers a connection's parts one at a time.
 */
final class FrameAssembler {

    /** A complete frame, or the size of one that was over the limit ({@code text} null). */
    record Frame(String text, long bytes) {
        boolean oversized() {
            return text == null;
        }
    }

    private final int maxBytes;
    private StringBuilder parts;
    private long bytes;

    FrameAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds a part; returns the frame when {@code last}, else null. */
    Frame add(String part, boolean last) {
        bytes += utf8Length(part);
        if (last && parts == null) {
            Frame frame = bytes > maxBytes ? new Frame(null, bytes) : new Frame(part, bytes);
            bytes = 0;
            return frame;
        }
        if (bytes <= maxBytes) {
            if (parts == null) {
                parts = new StringBuilder();
            }
            parts.append(part);
        } else {
            parts = null;
        }
        if (!last) {
            return null;
        }
        Frame frame = bytes > maxBytes ? new Frame(null, bytes) : new Frame(parts.toString(), bytes);
        parts = null;
        bytes = 0;
        return frame;
    }

    static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                n += 2; // half of a 4-byte pair, whose halves may come in different parts
            } else {
                n += 3;
            }
        }
        return n;
    }
}
