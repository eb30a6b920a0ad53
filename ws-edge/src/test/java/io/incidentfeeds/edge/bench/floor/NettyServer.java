package io.incidentfeeds.edge.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpResources;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/** What the Reactor Netty floors share: the WebSocket server on /ws and the frame's one buffer. */
final class NettyServer {

    /** A session of group {@code group}: what it does until it ends. */
    interface Session {
        Publisher<Void> run(int group, WebsocketInbound in, WebsocketOutbound out);
    }

    private NettyServer() {
    }

    /**
     * Serves /ws on 127.0.0.1:{@code port}; the group is the {@code g} query parameter modulo
     * {@code groups}. {@code epoll}: Netty's native epoll transport (it must be on the class path),
     * else Java NIO; the floor logs which one its server channel runs on.
     */
    static DisposableServer start(int port, int groups, boolean compress, boolean epoll, Session session) {
        WebsocketServerSpec spec = WebsocketServerSpec.builder().compress(compress).build();
        if (epoll && !Epoll.isAvailable()) {
            throw new IllegalStateException("the epoll transport is not available", Epoll.unavailabilityCause());
        }
        return HttpServer.create().host("127.0.0.1").port(port).runOn(HttpResources.get(), epoll)
                .route(routes -> routes.get("/ws", (request, response) -> {
                    List<String> g = new QueryStringDecoder(request.uri()).parameters().get("g");
                    int group = (g == null ? 0 : Integer.parseInt(g.get(0))) % groups;
                    return response.sendWebsocket((in, out) -> session.run(group, in, out), spec);
                }))
                .bindNow();
    }

    /** The frame encoded once, in a direct buffer (what a socket write takes without a copy). */
    static ByteBuf encode(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        return ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }
}
