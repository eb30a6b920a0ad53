package io.incidentfeeds.edge.http;

import io.incidentfeeds.schemas.protocol.ErrorCode;
import org.springframework.http.HttpStatus;

/** An HTTP API error: a status, a code (the protocol's error codes, plus NOT_FOUND) and a message. */
final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    ApiException(HttpStatus status, ErrorCode code, String message) {
        this(status, code.name(), message);
    }

    ApiException(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
