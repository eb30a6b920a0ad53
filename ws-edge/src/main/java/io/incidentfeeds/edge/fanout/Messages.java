package io.incidentfeeds.edge.fanout;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import io.incidentfeeds.schemas.protocol.ProtocolCodec;
import io.incidentfeeds.schemas.protocol.ServerMessage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Server messages of the contract, encoded for an outbox. */
public final class Messages {

    /** Wire type per message class, read from the contract's own type annotations. */
    private static final Map<Class<?>, String> TYPES = new HashMap<>();

    static {
        for (JsonSubTypes.Type t : ServerMessage.class.getAnnotation(JsonSubTypes.class).value()) {
            TYPES.put(t.value(), t.name());
        }
    }

    private Messages() {
    }

    public static Outgoing of(ServerMessage message) {
        return new Outgoing.Text(TYPES.get(message.getClass()), ProtocolCodec.encode(message));
    }

    public static Outgoing error(ErrorCode code, String message, Map<String, Object> details) {
        return of(new ServerMessage.Error(Instant.now(), new ServerMessage.ErrorBody(code, message, details)));
    }

    public static Outgoing error(ErrorCode code, String message) {
        return error(code, message, Map.of());
    }
}
