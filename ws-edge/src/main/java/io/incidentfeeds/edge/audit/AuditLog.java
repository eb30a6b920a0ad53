package io.incidentfeeds.edge.audit;

import io.incidentfeeds.schemas.json.ContractJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one JSON object per line on the logger {@value #LOGGER} for every connect,
 * authentication, subscription and close, with the session id so a connection's lines can be
 * joined. Route that logger to its own appender to keep the trail apart from diagnostics. Tokens
 * are never logged.
 */
public final class AuditLog {

    public static final String LOGGER = "io.incidentfeeds.edge.audit";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    public void connect(String session, String remote, String origin) {
        write(event("connect", session).with("remote", remote).with("origin", origin));
    }

    public void auth(String session, String agency, Object roles, String outcome, String reason) {
        write(event("auth", session).with("agency_id", agency).with("roles", roles).with("outcome", outcome)
                .with("reason", reason));
    }

    public void subscribe(String session, String agency, String channel, Object filters, String outcome) {
        write(event("subscribe", session).with("agency_id", agency).with("channel", channel).with("filters", filters)
                .with("outcome", outcome));
    }

    public void unsubscribe(String session, String agency, String channel) {
        write(event("unsubscribe", session).with("agency_id", agency).with("channel", channel));
    }

    public void close(String session, String agency, int code, String reason, long durationMs) {
        write(event("close", session).with("agency_id", agency).with("code", code).with("reason", reason)
                .with("duration_ms", durationMs));
    }

    public void http(String agency, String path, int status) {
        write(event("http", null).with("agency_id", agency).with("path", path).with("status", status));
    }

    private static Line event(String event, String session) {
        return new Line().with("audit", event).with("at", Instant.now().toString()).with("session", session);
    }

    private static void write(Line line) {
        if (log.isInfoEnabled()) {
            log.info(ContractJson.mapper().writeValueAsString(line.fields));
        }
    }

    /** One audit line's fields, in order; null values are left out. */
    private static final class Line {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        Line with(String name, Object value) {
            if (value != null) {
                fields.put(name, value);
            }
            return this;
        }
    }
}
