package io.incidentfeeds.edge.ogc;

import io.incidentfeeds.edge.http.ApiException;
import org.springframework.http.HttpStatus;

/** The errors of the OGC API that are its own (authentication errors are the HTTP API's). */
final class OgcErrors {

    static final String INVALID_PARAMETER = "InvalidParameterValue";
    static final String NOT_FOUND = "NotFound";

    private OgcErrors() {
    }

    static ApiException invalid(String reason) {
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_PARAMETER, reason);
    }

    static ApiException notFound(String reason) {
        return new ApiException(HttpStatus.NOT_FOUND, NOT_FOUND, reason);
    }
}
