package io.incidentfeeds.schemas.json;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;

/**
 * Writes a double as the generator would, with a short cut for a coordinate rounded to the
 * contract's precision (at most six decimals, between 0.001 and 10^7 in magnitude).
 *
 * <p>Why it is exact: such a value is the double nearest a decimal {@code d} with at most six
 * decimals (checked: {@code round(v * 10^6) / 10^6 == v}, a correctly rounded division). Any other
 * decimal with as few digits is at least 10^-6 from {@code d}, hundreds of times the spacing of
 * doubles below 10^7, so {@code d} is the shortest decimal that reads back as {@code v}: what
 * Jackson's fast double writer (Schubfach) writes, in plain notation in that range. The short cut
 * is taken only when the generator uses that writer ({@link StreamWriteFeature#USE_FAST_DOUBLE_WRITER});
 * the JDK 17 writer is left to decide its own digits. Writing a coordinate this way costs a
 * fraction of the general shortest-decimal search, which was a tenth of normalizing an edit.
 */
public final class ShortestDecimal {

    private static final int DECIMALS = 6;
    private static final int ONE = 1_000_000; // 10^DECIMALS
    private static final double SCALE = ONE;
    /** Longest output: sign, seven integer digits, point, six decimals. */
    public static final int MAX_CHARS = 15;

    private ShortestDecimal() {
    }

    public static void write(JsonGenerator g, double value) {
        if (g.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)) {
            char[] text = new char[MAX_CHARS];
            int length = sixDecimals(value, text);
            if (length > 0) {
                g.writeNumber(text, 0, length);
                return;
            }
        }
        g.writeNumber(value);
    }

    /**
     * Writes {@code value} into {@code out} as its shortest decimal if it has at most six decimals
     * and {@code 0.001 <= |value| < 10^7}; returns the length written, or -1 when it does not
     * qualify (then nothing is promised about {@code out}). {@code out} needs room for
     * {@value #MAX_CHARS} characters. For a writer of its own (the processor's canonical points),
     * which must then write what doesn't qualify as the fast double writer would.
     */
    public static int sixDecimals(double value, char[] out) {
        double magnitude = Math.abs(value);
        if (!(magnitude >= 1e-3 && magnitude < 1e7)) { // also NaN, and zero's sign
            return -1;
        }
        long scaled = Math.round(value * SCALE);
        if (scaled / SCALE != value) {
            return -1;
        }
        int pos = 0;
        if (scaled < 0) {
            out[pos++] = '-';
            scaled = -scaled;
        }
        int integer = (int) (scaled / ONE);
        int fraction = (int) (scaled % ONE);
        pos = digits(integer, out, pos, 1);
        out[pos++] = '.';
        if (fraction == 0) {
            out[pos++] = '0';
            return pos;
        }
        int width = DECIMALS;
        while (fraction % 10 == 0) {
            fraction /= 10;
            width--;
        }
        return digits(fraction, out, pos, width);
    }

    /** {@code n} in decimal, left-padded with zeros to {@code width} digits. */
    private static int digits(int n, char[] out, int pos, int width) {
        int count = 1;
        for (int rest = n / 10; rest > 0; rest /= 10) {
            count++;
        }
        count = Math.max(count, width);
        for (int i = pos + count - 1; i >= pos; i--) {
            out[i] = (char) ('0' + n % 10);
            n /= 10;
        }
        return pos + count;
    }
}
