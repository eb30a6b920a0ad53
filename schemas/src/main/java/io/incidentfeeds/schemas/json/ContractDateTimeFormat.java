package io.incidentfeeds.schemas.json;

import com.ethlo.time.ITU;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.DateTimeFormat;
import com.networknt.schema.format.Format;

/**
 * The schema's {@code date-time} format (RFC 3339), judged as the validator's own
 * {@link DateTimeFormat} judges it, with a short cut for the spelling every sender uses:
 * {@code yyyy-mm-ddThh:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)}, seconds below 60. Such a string is valid
 * exactly when its fields are in range, which the RFC 3339 parser the validator already uses (ITU)
 * checks without java.time; the library's check parses the date and the time again with java.time
 * (a few percent of validating an edit). Anything else (lower-case separators, leap seconds, a
 * string ITU refuses) goes to the library, which words the error; {@code ContractDateTimeFormatTest}
 * holds the two to the same answers.
 */
final class ContractDateTimeFormat implements Format {

    private static final DateTimeFormat LIBRARY = new DateTimeFormat();

    @Override
    public String getName() {
        return LIBRARY.getName();
    }

    @Override
    public String getMessageKey() {
        return LIBRARY.getMessageKey();
    }

    @Override
    public boolean matches(ExecutionContext context, String value) {
        return usualSpelling(value) && ITU.isValid(value) || LIBRARY.matches(context, value);
    }

    static boolean usualSpelling(String s) {
        int n = s.length();
        if (n < 20 || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 2) || s.charAt(7) != '-' || !digits(s, 8, 2)
                || s.charAt(10) != 'T' || !digits(s, 11, 2) || s.charAt(13) != ':' || !digits(s, 14, 2) || s.charAt(16) != ':'
                || !digits(s, 17, 2) || s.charAt(17) > '5') {
            return false;
        }
        int pos = 19;
        if (s.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < n && isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == start || pos - start > 9) {
                return false;
            }
        }
        if (pos == n - 1) {
            return s.charAt(pos) == 'Z';
        }
        return pos == n - 6 && (s.charAt(pos) == '+' || s.charAt(pos) == '-')
                && digits(s, pos + 1, 2) && s.charAt(pos + 3) == ':' && digits(s, pos + 4, 2);
    }

    private static boolean digits(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
