package io.incidentfeeds.edge.session;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The WebSocket upgrade on Reactor Netty, as Spring's {@code ReactorNettyRequestUpgradeStrategy}
 * does it, that also hands the handler the session's Netty {@link Connection} (in the session's
 * attributes, {@link #connection}): the edge's outbox writes shared frames to the channel itself,
 * on its event loop, instead of through WebFlux's {@code send(Publisher)}. Spring's session keeps
 * its connection to itself ({@code getDelegate()} is protected).
 */
public final class ChannelUpgrade implements RequestUpgradeStrategy {

    private static final String CONNECTION = Connection.class.getName();

    private final WebsocketServerSpec spec;

    public ChannelUpgrade(WebsocketServerSpec spec) {
        this.spec = spec;
    }

    /** The Netty connection of a session this strategy upgraded. */
    static Connection connection(WebSocketSession session) {
        return (Connection) session.getAttributes().get(CONNECTION);
    }

    @Override
    public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
                              Supplier<HandshakeInfo> handshakeInfoFactory) {
        ServerHttpResponse response = exchange.getResponse();
        HttpServerResponse reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        HandshakeInfo info = handshakeInfoFactory.get();
        NettyDataBufferFactory buffers = (NettyDataBufferFactory) response.bufferFactory();
        return response.setComplete().then(Mono.defer(() -> reactorResponse.sendWebsocket((in, out) -> {
            ReactorNettyWebSocketSession session = new ReactorNettyWebSocketSession(in, out, info, buffers,
                    spec.maxFramePayloadLength());
            out.withConnection(c -> session.getAttributes().put(CONNECTION, c));
            return handler.handle(session);
        }, spec)));
    }
}
