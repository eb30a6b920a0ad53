package io.incidentfeeds.edge.session;

import io.incidentfeeds.edge.fanout.Outbox;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.WebSocketSession;

/**
 * Sends frames with the container's asynchronous API (Jakarta WebSocket), so no thread waits on a
 * slow console: the send completes, or times out, in the background. Spring's blocking
 * {@code sendMessage} would hold the calling thread for as long as the console's TCP window stays shut.
 */
final class WebSocketTransport implements Outbox.Transport {

    /** Tomcat's per-session bound on blocking writes (pings, close frames). */
    private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final RemoteEndpoint.Async remote;

    WebSocketTransport(WebSocketSession session, Duration sendTimeout) {
        Session jakarta = ((NativeWebSocketSession) session).getNativeSession(Session.class);
        if (jakarta == null) {
            throw new IllegalStateException("ws-edge needs a Jakarta WebSocket container (Tomcat, Jetty, Undertow)");
        }
        jakarta.getUserProperties().put(BLOCKING_SEND_TIMEOUT, sendTimeout.toMillis());
        this.remote = jakarta.getAsyncRemote();
        this.remote.setSendTimeout(sendTimeout.toMillis());
    }

    @Override
    public void send(String frame, Consumer<Throwable> done) {
        try {
            remote.sendText(frame, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public void ping() throws Exception {
        remote.sendPing(EMPTY.duplicate());
    }
}
