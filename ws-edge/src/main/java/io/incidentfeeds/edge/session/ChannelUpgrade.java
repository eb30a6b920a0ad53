package io.incidentfeeds.edge.session;

import io.netty.channel.Channel;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Spring's WebSocket upgrade on Reactor Netty ({@link ReactorNettyRequestUpgradeStrategy}), whose
 * sessions also carry their Netty {@link Connection} (in the session's attributes,
 * {@link #connection}): the edge's outbox writes shared frames to the channel itself, on its event
 * loop, instead of through WebFlux's {@code send(Publisher)}. Spring's session keeps its connection
 * to itself ({@code getDelegate()} is protected) and neither the strategy nor the handshake service
 * offers a hook for it, so this wraps the handler Spring's strategy calls: the channel is the
 * exchange's, and once the handshake is done the connection bound to it is the WebSocket's.
 */
public final class ChannelUpgrade implements RequestUpgradeStrategy {

    private static final String CONNECTION = Connection.class.getName();

    private final ReactorNettyRequestUpgradeStrategy spring;

    public ChannelUpgrade(Supplier<WebsocketServerSpec.Builder> spec) {
        this.spring = new ReactorNettyRequestUpgradeStrategy(spec);
    }

    /** The Netty connection of a session this strategy upgraded. */
    static Connection connection(WebSocketSession session) {
        return (Connection) session.getAttributes().get(CONNECTION);
    }

    @Override
    public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
                              Supplier<HandshakeInfo> handshakeInfoFactory) {
        HttpServerResponse response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
        Channel[] channel = new Channel[1];
        response.withConnection(c -> channel[0] = c.channel());
        return spring.upgrade(exchange, session -> {
            Connection connection = Connection.from(channel[0]);
            if (!(connection instanceof WebsocketOutbound)) {
                return Mono.error(new IllegalStateException("no WebSocket connection on " + channel[0] + ": " + connection));
            }
            session.getAttributes().put(CONNECTION, connection);
            return handler.handle(session);
        }, subProtocol, handshakeInfoFactory);
    }
}
