package io.incidentfeeds.edge.ogc;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.fanout.IncidentFilter;
import io.incidentfeeds.edge.http.QueryFilters;
import io.incidentfeeds.schemas.protocol.Filters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query parameters of {@code /items}, checked: {@code bbox} (and {@code bbox-crs}),
 * {@code datetime}, {@code limit} (default and maximum from the settings; above the maximum it is
 * clamped, as the standard allows), {@code cursor} (from a {@code next} link), {@code offset}
 * (accepted, counted after the cursor), and the live view's filters as the HTTP API takes them
 * ({@code agencies}, {@code incident_types}, {@code status}, {@code severity}). Any other
 * parameter, or a single-valued one given twice, is refused, as the standard requires.
 *
 * @param filter   the live view's filters, bbox included
 * @param datetime the event-time interval; null: any
 * @param limit    the page size, after clamping
 * @param offset   features skipped after the cursor
 * @param after    the id the page starts after; null: from the first
 * @param carried  the parameters a {@code next} link repeats (all but limit, offset and cursor)
 */
record ItemsQuery(IncidentFilter filter, DatetimeParameter datetime, int limit, int offset, String after,
                  Map<String, List<String>> carried) {

    static final Set<String> FILTERS = Set.of("agencies", "incident_types", "status", "severity");
    private static final Set<String> SINGLE = Set.of("bbox", "bbox-crs", "datetime", "limit", "offset", "cursor", "f");
    private static final Set<String> PAGING = Set.of("limit", "offset", "cursor");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_OFFSET = 1_000_000;

    static ItemsQuery parse(Map<String, List<String>> params, EdgeProperties.Ogc settings) {
        Map<String, List<String>> carried = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String name = p.getKey();
            if (!SINGLE.contains(name) && !FILTERS.contains(name)) {
                throw OgcErrors.invalid("unknown query parameter '" + name + "'; see the OpenAPI document at /ogc/api");
            }
            if (SINGLE.contains(name) && p.getValue().size() > 1) {
                throw OgcErrors.invalid(name + ": given more than once");
            }
            if (!PAGING.contains(name)) {
                carried.put(name, List.copyOf(p.getValue()));
            }
        }
        OgcDocuments.checkFormat(one(params, "f"));
        String bboxText = one(params, "bbox");
        String bboxCrs = one(params, "bbox-crs");
        if (bboxCrs != null && bboxText == null) {
            throw OgcErrors.invalid("bbox-crs without bbox");
        }
        Filters filters = QueryFilters.parse(params.get("agencies"), params.get("incident_types"), params.get("status"),
                params.get("severity"), null);
        double[] bbox = bboxText == null ? null : BboxParameter.parse(bboxText, bboxCrs);
        String datetime = one(params, "datetime");
        String cursor = one(params, "cursor");
        return new ItemsQuery(
                new IncidentFilter(new Filters(filters.agencies(), filters.incidentTypes(), filters.status(), filters.severity(), bbox)),
                datetime == null ? null : DatetimeParameter.parse(datetime),
                limit(one(params, "limit"), settings),
                offset(one(params, "offset")),
                cursor == null ? null : PageCursor.lastId(cursor),
                Collections.unmodifiableMap(carried));
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int limit(String text, EdgeProperties.Ogc settings) {
        if (text == null) {
            return settings.defaultLimit();
        }
        if (!DIGITS.matcher(text).matches()) {
            throw OgcErrors.invalid("limit: a whole number from 1 to " + settings.maxLimit() + ", got '" + text + "'");
        }
        long value = Long.parseLong(text);
        if (value < 1) {
            throw OgcErrors.invalid("limit: at least 1");
        }
        return (int) Math.min(value, settings.maxLimit());
    }

    private static int offset(String text) {
        if (text == null) {
            return 0;
        }
        if (!DIGITS.matcher(text).matches() || Long.parseLong(text) > MAX_OFFSET) {
            throw OgcErrors.invalid("offset: a whole number from 0 to " + MAX_OFFSET + ", got '" + text + "'");
        }
        return Integer.parseInt(text);
    }
}
