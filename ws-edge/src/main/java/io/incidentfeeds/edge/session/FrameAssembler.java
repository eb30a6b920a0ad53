package io.incidentfeeds.edge.session;

/**
 * Puts a client's text frame together from the parts it arrives in, counting its size in UTF-8
 * bytes; past the limit it stops keeping the text but remembers how large the frame got, so the
 * edge can refuse it with an error instead of closing the connection. Reactor Netty hands over a
 * frame whole (it aggregates fragments up to its own, larger, read limit), i.e. as one last part.
 * One per session; a session's frames are handled one at a time.
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
