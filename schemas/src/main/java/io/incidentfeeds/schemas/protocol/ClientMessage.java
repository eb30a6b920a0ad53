package io.incidentfeeds.schemas.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A message from a console to ws-edge (ws-client-message.schema.json). Decode with {@link ProtocolCodec}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientMessage.Auth.class, name = "auth"),
        @JsonSubTypes.Type(value = ClientMessage.Subscribe.class, name = "subscribe"),
        @JsonSubTypes.Type(value = ClientMessage.Unsubscribe.class, name = "unsubscribe"),
        @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping")
})
public sealed interface ClientMessage {

    /** Authenticate with a JWT carrying agency_id, roles and exp. */
    record Auth(String token) implements ClientMessage {
    }

    /**
     * Subscribe to a channel. The channel stays a string here so that an unknown one can be answered
     * with CHANNEL_NOT_FOUND rather than INVALID_MESSAGE.
     */
    record Subscribe(String channel, Filters filters, String resumeFrom) implements ClientMessage {
        public Subscribe {
            filters = filters == null ? Filters.ALL : filters;
        }
    }

    record Unsubscribe(String channel) implements ClientMessage {
    }

    record Ping() implements ClientMessage {
    }
}
