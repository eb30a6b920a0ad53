package io.incidentfeeds.edge.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Reactor Netty's floor with the fan-out done per update on the event loops: sessions are kept by
 * the event loop that serves them, and each update is one task per loop that writes the shared
 * buffer to every channel of the group on that loop and flushes each once. No per-frame hand-off
 * between threads, no per-session sink.
 */
final class NettyLoopFloor implements Floor {

    private final int port;
    private final boolean compress;
    private final List<Map<EventLoop, Set<Channel>>> groups = new ArrayList<>();
    private DisposableServer server;

    NettyLoopFloor(int port, int groups, boolean compress) {
        this.port = port;
        this.compress = compress;
        for (int g = 0; g < groups; g++) {
            this.groups.add(new ConcurrentHashMap<>());
        }
    }

    @Override
    public void start() {
        WebsocketServerSpec spec = WebsocketServerSpec.builder().compress(compress).build();
        server = HttpServer.create().host("127.0.0.1").port(port)
                .route(routes -> routes.get("/ws", (request, response) -> {
                    List<String> g = new QueryStringDecoder(request.uri()).parameters().get("g");
                    Map<EventLoop, Set<Channel>> group = groups.get((g == null ? 0 : Integer.parseInt(g.get(0))) % groups.size());
                    return response.sendWebsocket((in, out) -> {
                        Channel[] channel = new Channel[1];
                        in.withConnection(c -> channel[0] = c.channel());
                        Set<Channel> members = group.computeIfAbsent(channel[0].eventLoop(), l -> ConcurrentHashMap.newKeySet());
                        members.add(channel[0]);
                        return in.receive().then().doFinally(s -> members.remove(channel[0]));
                    }, spec);
                }))
                .bindNow();
    }

    @Override
    public void broadcast(int group, String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        ByteBuf shared = ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        for (Map.Entry<EventLoop, Set<Channel>> loop : groups.get(group).entrySet()) {
            ByteBuf forLoop = shared.retainedDuplicate();
            loop.getKey().execute(() -> {
                try {
                    for (Channel c : loop.getValue()) {
                        if (c.isActive()) {
                            c.writeAndFlush(new TextWebSocketFrame(forLoop.retainedDuplicate()), c.voidPromise());
                        }
                    }
                } finally {
                    forLoop.release();
                }
            });
        }
        shared.release();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
