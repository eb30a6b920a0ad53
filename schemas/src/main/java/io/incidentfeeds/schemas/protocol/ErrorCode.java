package io.incidentfeeds.schemas.protocol;

/** Error codes of the ws-edge protocol ({@code error.code}); spelled as the constant's name. */
public enum ErrorCode {
    AUTH_FAILED,
    AUTH_EXPIRED,
    AUTH_REQUIRED,
    SUBSCRIPTION_FAILED,
    FORBIDDEN,
    RATE_LIMIT_EXCEEDED,
    INVALID_MESSAGE,
    CHANNEL_NOT_FOUND,
    MAX_SUBSCRIPTIONS,
    RESUME_UNAVAILABLE
}
