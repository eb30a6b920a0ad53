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
    RESUME_UNAVAILABLE,
    /** A replay's window or speed is not one the edge plays: inverted, in the future, too long, out of range. */
    REPLAY_INVALID,
    /** A replay's window starts before the oldest instant the history still holds. */
    REPLAY_UNAVAILABLE,
    /** The session already has a replay, or the edge runs as many as it may. */
    REPLAY_LIMIT,
    /** pause, resume, seek or speed without a replay running in the session. */
    REPLAY_NOT_ACTIVE
}
