package io.incidentfeeds.schemas.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A message from ws-edge to a console (ws-server-message.schema.json). Every one has {@code type}
 * and {@code timestamp}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerMessage.Connection.class, name = "connection"),
        @JsonSubTypes.Type(value = ServerMessage.AuthSuccess.class, name = "auth.success"),
        @JsonSubTypes.Type(value = ServerMessage.AuthFailed.class, name = "auth.failed"),
        @JsonSubTypes.Type(value = ServerMessage.Subscribed.class, name = "subscribed"),
        @JsonSubTypes.Type(value = ServerMessage.Unsubscribed.class, name = "unsubscribed"),
        @JsonSubTypes.Type(value = ServerMessage.Snapshot.class, name = "snapshot"),
        @JsonSubTypes.Type(value = ServerMessage.Update.class, name = "update"),
        @JsonSubTypes.Type(value = ServerMessage.Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error")
})
public sealed interface ServerMessage {

    /** When the server sent the message. */
    Instant timestamp();

    /** Limits a client must respect, announced on connect. */
    record RateLimit(int maxMessagesPerMinute, int burstLimit, int burstWindowS, int maxSubscriptions) {
    }

    record ConnectionData(long heartbeatIntervalMs, String protocolVersion, RateLimit rateLimit) {
    }

    record Connection(Instant timestamp, ConnectionData data) implements ServerMessage {
    }

    record AuthData(String agencyId, List<String> roles, Instant expiresAt) {
    }

    record AuthSuccess(Instant timestamp, AuthData data) implements ServerMessage {
    }

    record ErrorBody(ErrorCode code, String message, Map<String, Object> details) {
        public ErrorBody {
            details = details == null ? Map.of() : details;
        }
    }

    record AuthFailed(Instant timestamp, ErrorBody error) implements ServerMessage {
    }

    record SubscribedData(Filters filters, boolean resumed) {
    }

    record Subscribed(Instant timestamp, Channel channel, SubscribedData data) implements ServerMessage {
    }

    record Unsubscribed(Instant timestamp, Channel channel) implements ServerMessage {
    }

    /** A GeoJSON FeatureCollection of the current matching incidents. */
    record FeatureCollection(List<JsonNode> features) {
        public String getType() {
            return "FeatureCollection";
        }
    }

    record Snapshot(Instant timestamp, Channel channel, FeatureCollection data, String position) implements ServerMessage {
    }

    /** One change: a reconciled incident (incidents, alerts) or a conflict record (conflicts). */
    record Update(Instant timestamp, Channel channel, DiffType diffType, JsonNode data, String position)
            implements ServerMessage {
    }

    record Pong(Instant timestamp) implements ServerMessage {
    }

    record Error(Instant timestamp, ErrorBody error) implements ServerMessage {
        public static Error of(ErrorCode code, String message) {
            return new Error(Instant.now(), new ErrorBody(code, message, Map.of()));
        }
    }
}
