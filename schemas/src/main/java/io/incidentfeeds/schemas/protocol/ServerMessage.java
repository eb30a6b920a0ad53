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
        @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
        @JsonSubTypes.Type(value = ServerMessage.ReplayStatus.class, name = "replay.status")
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

    /**
     * The matching incidents: live, with the position they stand for; or, on the replay channel, as
     * known at the replayed instant, marked by {@code replay} and without a position.
     */
    record Snapshot(Instant timestamp, Channel channel, FeatureCollection data, String position, Replayed replay)
            implements ServerMessage {
        public Snapshot(Instant timestamp, Channel channel, FeatureCollection data, String position) {
            this(timestamp, channel, data, position, null);
        }
    }

    /**
     * One change: a reconciled incident (incidents, alerts, replay) or a conflict record (conflicts).
     * A replayed version carries {@code replay} instead of a position.
     */
    record Update(Instant timestamp, Channel channel, DiffType diffType, JsonNode data, String position, Replayed replay)
            implements ServerMessage {
        public Update(Instant timestamp, Channel channel, DiffType diffType, JsonNode data, String position) {
            this(timestamp, channel, diffType, data, position, null);
        }
    }

    /**
     * What marks a frame of the replay channel as replayed.
     *
     * @param instant    the replayed instant the frame brings the console to: a snapshot's picture is
     *                   as known then; an update's is its version's append time
     * @param appendTime an update's version: when it was appended to Kafka (the pace of the replay)
     * @param eventTime  an update's version: its {@code reconciliation.event_time}, the time of the
     *                   edit that made it (absent when the version has none)
     */
    record Replayed(Instant instant, Instant appendTime, Instant eventTime) {
    }

    /** Where a replay stands: sent on subscribe, after each control, at the window's end and when it closes. */
    enum ReplayState implements io.incidentfeeds.schemas.json.WireEnum {
        /** The replay's clock runs. */
        PLAYING,
        /** Stopped by pause; resume or seek goes on. It closes after the edge's idle timeout. */
        PAUSED,
        /** Everything up to {@code to} was played; seek goes on. It closes after the idle timeout. */
        ENDED,
        /** Gone (idle timeout, unsubscribe, or the history could not be read): subscribe again. */
        CLOSED
    }

    /**
     * @param instant the replayed instant now (the last one shown)
     * @param reason  why it closed ({@code idle}, {@code unsubscribed}, {@code failed}); only when closed
     */
    record ReplayStatusData(ReplayState state, Instant instant, Instant from, Instant to, ReplaySpeed speed, String reason) {
    }

    record ReplayStatus(Instant timestamp, ReplayStatusData data) implements ServerMessage {
    }

    record Pong(Instant timestamp) implements ServerMessage {
    }

    record Error(Instant timestamp, ErrorBody error) implements ServerMessage {
        public static Error of(ErrorCode code, String message) {
            return new Error(Instant.now(), new ErrorBody(code, message, Map.of()));
        }
    }
}
