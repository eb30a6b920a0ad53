package io.incidentfeeds.schemas.protocol;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.json.SchemaViolation;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Decodes client frames and encodes server messages of the ws-edge protocol. Decoding never throws:
 * a frame that is not JSON, is over the parser's limits, or breaks the client-message schema comes
 * back as {@link Decoded.Invalid} with a message fit to send in an INVALID_MESSAGE error.
 */
public final class ProtocolCodec {

    /** Version announced in the connection message. */
    public static final String PROTOCOL_VERSION = "1.0";

    private ProtocolCodec() {
    }

    /** The outcome of decoding one client frame. */
    public sealed interface Decoded {
        record Ok(ClientMessage message) implements Decoded {
        }

        record Invalid(String reason) implements Decoded {
        }
    }

    public static Decoded decode(String frame) {
        JsonNode tree;
        try {
            tree = ContractJson.mapper().readTree(frame);
        } catch (JacksonException e) {
            return new Decoded.Invalid("not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            return new Decoded.Invalid("a message must be a JSON object");
        }
        List<SchemaViolation> violations = ContractValidator.shared().validate(ContractSchema.WS_CLIENT_MESSAGE, tree);
        if (!violations.isEmpty()) {
            String type = tree.path("type").asString("");
            String reason = List.of("auth", "subscribe", "unsubscribe", "ping", "pause", "resume", "seek", "speed").contains(type)
                    ? violations.get(0).toString()
                    : "unknown message type '" + abbreviate(type) + "'";
            return new Decoded.Invalid(reason);
        }
        try {
            return new Decoded.Ok(ContractJson.mapper().treeToValue(tree, ClientMessage.class));
        } catch (JacksonException e) {
            return new Decoded.Invalid(e.getOriginalMessage());
        }
    }

    public static String encode(ServerMessage message) {
        return ContractJson.mapper().writerFor(ServerMessage.class).writeValueAsString(message);
    }

    public static String encode(ClientMessage message) {
        return ContractJson.mapper().writerFor(ClientMessage.class).writeValueAsString(message);
    }

    public static ServerMessage decodeServer(String frame) {
        return ContractJson.mapper().readValue(frame, ServerMessage.class);
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
