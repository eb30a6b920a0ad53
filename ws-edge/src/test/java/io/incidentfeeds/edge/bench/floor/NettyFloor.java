package io.incidentfeeds.edge.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;

/**
 * The floor of Spring's reactive stack: Reactor Netty's WebSocket server (what WebFlux runs on,
 * without WebFlux's handler layer). Each update is encoded once into one direct buffer; every
 * session of its group gets a frame over a retained duplicate of it through its own Sinks.Many, and
 * Reactor Netty flushes when a session's sink has nothing more ready.
 */
final class NettyFloor implements Floor {

    private final int port;
    private final boolean compress;
    private final List<Set<Sinks.Many<WebSocketFrame>>> groups = new ArrayList<>();
    private DisposableServer server;

    NettyFloor(int port, int groups, boolean compress) {
        this.port = port;
        this.compress = compress;
        for (int g = 0; g < groups; g++) {
            this.groups.add(ConcurrentHashMap.newKeySet());
        }
    }

    @Override
    public void start() {
        server = NettyServer.start(port, groups.size(), compress, false, (g, in, out) -> {
            Set<Sinks.Many<WebSocketFrame>> group = groups.get(g);
            Sinks.Many<WebSocketFrame> sink = Sinks.many().unicast().onBackpressureBuffer();
            group.add(sink);
            Mono<Void> closed = in.receive().then().doFinally(s -> group.remove(sink));
            return Mono.firstWithSignal(out.sendObject(sink.asFlux()).then(), closed);
        });
    }

    @Override
    public void broadcast(int group, String frame) {
        ByteBuf shared = NettyServer.encode(frame);
        try {
            for (Sinks.Many<WebSocketFrame> sink : groups.get(group)) {
                TextWebSocketFrame f = new TextWebSocketFrame(shared.retainedDuplicate());
                if (sink.tryEmitNext(f).isFailure()) {
                    f.release();
                    groups.get(group).remove(sink);
                }
            }
        } finally {
            shared.release();
        }
    }

    @Override
    public String transport() {
        return server.channel().getClass().getSimpleName();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
