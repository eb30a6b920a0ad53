package io.incidentfeeds.afteraction.report;

import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * Escaping for the report's outputs: everything an agency sent (ids, properties, dead-letter details)
 * is text, never markup, in the HTML page, in the JSON it embeds and in the Markdown summary.
 */
final class Text {

    private Text() {
    }

    /** Text for HTML element content and quoted attribute values. */
    static String html(String s) {
        return escape(s, c -> switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
        });
    }

    /**
     * JSON made safe inside a {@code <script type="application/json">} element: {@code <}, {@code >} and
     * {@code &} only occur inside JSON strings, where their {@code \\u} escapes mean the same, so no
     * {@code </script>} or comment opener can end the element early.
     */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** Text for a Markdown table cell or line: no markup, no HTML, no cell break, one line. */
    static String markdown(String s) {
        return escape(s, c -> switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '\n', '\r' -> " ";
            case '\\', '`', '*', '_', '[', ']', '|', '~' -> "\\" + (char) c;
            default -> null;
        });
    }

    /** {@code s} with each character that {@code replacement} maps (to non-null) replaced; "" for null. */
    private static String escape(String s, IntFunction<String> replacement) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = replacement.apply(c);
            if (r == null) {
                b.append(c);
            } else {
                b.append(r);
            }
        }
        return b.toString();
    }

    static String time(Instant t) {
        return t == null ? "" : TelemetryCodec.formatTimestamp(t);
    }
}
