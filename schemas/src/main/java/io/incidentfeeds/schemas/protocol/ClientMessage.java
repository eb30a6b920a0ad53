package io.incidentfeeds.schemas.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/** A message from a console to ws-edge (ws-client-message.schema.json). Decode with {@link ProtocolCodec}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientMessage.Auth.class, name = "auth"),
        @JsonSubTypes.Type(value = ClientMessage.Subscribe.class, name = "subscribe"),
        @JsonSubTypes.Type(value = ClientMessage.Unsubscribe.class, name = "unsubscribe"),
        @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = ClientMessage.Pause.class, name = "pause"),
        @JsonSubTypes.Type(value = ClientMessage.Resume.class, name = "resume"),
        @JsonSubTypes.Type(value = ClientMessage.Seek.class, name = "seek"),
        @JsonSubTypes.Type(value = ClientMessage.Speed.class, name = "speed")
})
public sealed interface ClientMessage {

    /** Authenticate with a JWT carrying agency_id, roles and exp. */
    record Auth(String token) implements ClientMessage {
    }

    /**
     * Subscribe to a channel. The channel stays a string here so that an unknown one can be answered
     * with CHANNEL_NOT_FOUND rather than INVALID_MESSAGE. {@code from}, {@code to} and {@code speed}
     * belong to the replay channel (the schema requires from and to there, and refuses them elsewhere).
     *
     * @param from  replay: the instant whose picture starts the replay
     * @param to    replay: the last instant played
     * @param speed replay: the pace; null means 1x
     */
    record Subscribe(String channel, Filters filters, String resumeFrom, Instant from, Instant to, ReplaySpeed speed)
            implements ClientMessage {
        public Subscribe {
            filters = filters == null ? Filters.ALL : filters;
        }
    }

    record Unsubscribe(String channel) implements ClientMessage {
    }

    record Ping() implements ClientMessage {
    }

    /** Replay: stop the replay's clock; nothing more is played until resume or seek. */
    record Pause() implements ClientMessage {
    }

    /** Replay: play on from the instant where it paused. */
    record Resume() implements ClientMessage {
    }

    /** Replay: a fresh picture as known at {@code at} (within the window), then play on from there. */
    record Seek(Instant at) implements ClientMessage {
    }

    /** Replay: play on at another speed. */
    record Speed(ReplaySpeed speed) implements ClientMessage {
    }
}
