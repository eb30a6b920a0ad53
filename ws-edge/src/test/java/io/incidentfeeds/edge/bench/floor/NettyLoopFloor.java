package io.incidentfeeds.edge.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.DisposableServer;

/**
 * Reactor Netty's floor with the fan-out done per update on the event loops: sessions are kept by
 * the event loop that serves them, and each update is one task per loop that writes the shared
 * buffer to every channel of the group on that loop and flushes each once. No per-frame hand-off
 * between threads, no per-session sink. On Java NIO, or on Netty's native epoll transport.
 */
final class NettyLoopFloor implements Floor {

    private final int port;
    private final boolean compress;
    private final boolean epoll;
    private final List<Map<EventLoop, Set<Channel>>> groups = new ArrayList<>();
    private DisposableServer server;

    NettyLoopFloor(int port, int groups, boolean compress, boolean epoll) {
        this.port = port;
        this.compress = compress;
        this.epoll = epoll;
        for (int g = 0; g < groups; g++) {
            this.groups.add(new ConcurrentHashMap<>());
        }
    }

    @Override
    public void start() {
        server = NettyServer.start(port, groups.size(), compress, epoll, (g, in, out) -> {
            Channel[] channel = new Channel[1];
            in.withConnection(c -> channel[0] = c.channel());
            Set<Channel> members = groups.get(g).computeIfAbsent(channel[0].eventLoop(), l -> ConcurrentHashMap.newKeySet());
            members.add(channel[0]);
            return in.receive().then().doFinally(s -> members.remove(channel[0]));
        });
    }

    @Override
    public void broadcast(int group, String frame) {
        ByteBuf shared = NettyServer.encode(frame);
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
    public String transport() {
        return server.channel().getClass().getSimpleName();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
