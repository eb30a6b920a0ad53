package io.incidentfeeds.edge.ogc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The {@code datetime} query parameter, matched against each incident's event time
 * ({@code reconciliation.event_time}): an instant ({@code 2026-11-22T19:05:12Z}, any RFC 3339
 * offset), a date (that whole UTC day), or an interval {@code start/end} whose ends may be open as
 * {@code ..} or empty ({@code ../end}, {@code start/}, {@code /end}). QGIS sends open ends as
 * {@code 0000-01-01T00:00:00Z} and {@code 9999-12-31T00:00:00Z}; those are ordinary instants
 * before and after every event. Intervals are closed; an incident without an event time matches
 * only an interval open at both ends.
 *
 * @param start first instant matched; null: open
 * @param end   last instant matched; null: open
 */
record DatetimeParameter(Instant start, Instant end) {

    private static final int MAX_LENGTH = 100;

    static DatetimeParameter parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw OgcErrors.invalid("datetime: longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = text.split("/", -1);
        if (parts.length > 2) {
            throw OgcErrors.invalid("datetime: an instant or one interval start/end, got '" + text + "'");
        }
        if (parts.length == 1) {
            if (isOpen(parts[0])) {
                throw OgcErrors.invalid("datetime: an instant cannot be open; an interval is start/end");
            }
            return new DatetimeParameter(bound(parts[0], false), bound(parts[0], true));
        }
        Instant start = isOpen(parts[0]) ? null : bound(parts[0], false);
        Instant end = isOpen(parts[1]) ? null : bound(parts[1], true);
        if (start != null && end != null && start.isAfter(end)) {
            throw OgcErrors.invalid("datetime: start " + parts[0] + " is after end " + parts[1]);
        }
        return new DatetimeParameter(start, end);
    }

    boolean matches(Instant eventTime) {
        if (start == null && end == null) {
            return true;
        }
        return eventTime != null && (start == null || !eventTime.isBefore(start)) && (end == null || !eventTime.isAfter(end));
    }

    private static boolean isOpen(String part) {
        return part.isEmpty() || part.equals("..");
    }

    /** An RFC 3339 date-time, or a date: its first instant as a start, its last as an end. */
    private static Instant bound(String part, boolean asEnd) {
        String text = part.trim().toUpperCase(Locale.ROOT);
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return asEnd
                        ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1)
                        : day.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw OgcErrors.invalid("datetime: '" + part + "' is not an RFC 3339 date-time (2026-11-22T19:05:12Z) or date");
        }
    }
}
