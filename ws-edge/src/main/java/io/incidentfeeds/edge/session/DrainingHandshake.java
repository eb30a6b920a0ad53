package io.incidentfeeds.edge.session;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses the WebSocket handshake with 503 (and {@code Retry-After: 1}) once this replica drains
 * for shutdown. Consoles told to go away (1001) reconnect at once; between that and the web
 * server's own shutdown they would otherwise land here again and be dropped a second time. A load
 * balancer sends the retry to another replica; a console alone retries until this one is back.
 */
public final class DrainingHandshake implements HandshakeInterceptor {

    private final SessionRegistry sessions;

    public DrainingHandshake(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (sessions.draining()) {
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            response.getHeaders().set("Retry-After", "1");
            return false;
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
        // nothing: the session starts in EdgeWebSocketHandler
    }
}
