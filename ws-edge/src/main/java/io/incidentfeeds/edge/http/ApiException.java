package io.incidentfeeds.edge.http;

import io.incidentfeeds.schemas.protocol.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * An HTTP error: a status, a code (the protocol's error codes, plus NOT_FOUND) and a message. The
 * HTTP API and the OGC API each write it in their own error format.
 */
public final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ApiException(HttpStatus status, ErrorCode code, String message) {
        this(status, code.name(), message);
    }

    public ApiException(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
