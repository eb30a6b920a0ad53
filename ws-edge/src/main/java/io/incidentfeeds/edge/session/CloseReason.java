package io.incidentfeeds.edge.session;

import java.util.Locale;
import org.springframework.web.reactive.socket.CloseStatus;

/** Why a session ended, with the WebSocket close code the edge sends (4xxx: this protocol's own). */
public enum CloseReason {
    /** The console closed, or its connection dropped. */
    CLIENT(CloseStatus.NORMAL.getCode()),
    AUTH_REQUIRED(4001),
    AUTH_EXPIRED(4002),
    HEARTBEAT_TIMEOUT(4003),
    SLOW_CONSUMER(4008),
    RATE_LIMIT(4029),
    SEND_FAILED(CloseStatus.SERVER_ERROR.getCode()),
    SHUTDOWN(CloseStatus.GOING_AWAY.getCode());

    private final int code;

    CloseReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The metrics tag and audit spelling. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public CloseStatus status(String text) {
        return new CloseStatus(code, text);
    }
}
