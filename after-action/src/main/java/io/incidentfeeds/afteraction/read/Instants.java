package io.incidentfeeds.afteraction.read;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instants the commands accept: RFC 3339 with an offset, {@code now}, or relative to now ({@code -6h}, {@code -30m}). */
public final class Instants {

    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)([smhd])");

    private Instants() {
    }

    /** Parses {@code text} for option {@code option}; a relative time counts back from {@code now}. */
    public static Instant parse(String option, String text, Instant now) {
        String t = text.trim();
        if (t.equals("now")) {
            return now;
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration back = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(back);
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new ReviewException(ExitCode.BAD_WINDOW, option + " '" + text
                    + "' is not a time: give RFC 3339 with an offset (2026-11-22T10:30:00Z), now, or a relative time (-6h, -30m, -45s, -2d)");
        }
    }
}
