package io.incidentfeeds.edge.http;

import io.incidentfeeds.schemas.json.WireEnum;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import io.incidentfeeds.schemas.protocol.Filters;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The subscribe filters as query parameters: {@code agencies}, {@code incident_types},
 * {@code status}, {@code severity} (each comma-separated or repeated) and
 * {@code bbox=minLon,minLat,maxLon,maxLat}. Values are checked as the client schema checks them.
 */
public final class QueryFilters {

    private static final Pattern AGENCY = Pattern.compile("[a-z0-9_-]{2,32}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final int MAX_ITEMS = 64;

    private QueryFilters() {
    }

    public static Filters parse(List<String> agencies, List<String> types, List<String> status, List<String> severity, String bbox) {
        return new Filters(
                matching("agencies", split(agencies), AGENCY),
                matching("incident_types", split(types), TYPE),
                split(status).stream().map(s -> wire(IncidentStatus.class, "status", s)).toList(),
                split(severity).stream().map(s -> wire(Severity.class, "severity", s)).toList(),
                bbox == null || bbox.isBlank() ? null : bbox(bbox));
    }

    private static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        if (out.size() > MAX_ITEMS) {
            throw invalid("at most " + MAX_ITEMS + " values per filter");
        }
        return out;
    }

    private static List<String> matching(String name, List<String> values, Pattern pattern) {
        for (String v : values) {
            if (!pattern.matcher(v).matches()) {
                throw invalid(name + ": '" + v + "' is not valid");
            }
        }
        return values;
    }

    private static <E extends Enum<E> & WireEnum> E wire(Class<E> type, String name, String value) {
        return WireEnum.fromWire(type, value).orElseThrow(() -> invalid(name + ": unknown value '" + value + "'"));
    }

    private static double[] bbox(String text) {
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw invalid("bbox: four numbers minLon,minLat,maxLon,maxLat");
        }
        double[] box = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                box[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw invalid("bbox: four numbers minLon,minLat,maxLon,maxLat");
        }
        return box;
    }

    private static ApiException invalid(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_MESSAGE, message);
    }
}
