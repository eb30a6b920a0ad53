package io.incidentfeeds.edge.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import java.nio.charset.StandardCharsets;
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
 * <p>
 * {@code raw}: the update is encoded once as a whole WebSocket frame (header and payload in one
 * buffer) and written below the channel's WebSocket encoder. Through the encoder, a
 * {@code TextWebSocketFrame} of less than 1 KiB is copied with a new header into a newly allocated
 * buffer for every channel, and each write walks the pipeline from its tail.
 */
final class NettyLoopFloor implements Floor {

    /** A session: its channel and, for raw writes, the context just below its WebSocket encoder. */
    private record Member(Channel channel, ChannelHandlerContext belowEncoder) {
    }

    private final int port;
    private final boolean compress;
    private final boolean epoll;
    private final boolean raw;
    private final List<Map<EventLoop, Set<Member>>> groups = new ArrayList<>();
    private DisposableServer server;

    NettyLoopFloor(int port, int groups, boolean compress, boolean epoll, boolean raw) {
        if (raw && compress) {
            throw new IllegalArgumentException("raw writes bypass the WebSocket encoder and cannot compress");
        }
        this.port = port;
        this.compress = compress;
        this.epoll = epoll;
        this.raw = raw;
        for (int g = 0; g < groups; g++) {
            this.groups.add(new ConcurrentHashMap<>());
        }
    }

    @Override
    public void start() {
        server = NettyServer.start(port, groups.size(), compress, epoll, (g, in, out) -> {
            Member[] member = new Member[1];
            in.withConnection(c -> member[0] = new Member(c.channel(),
                    raw ? c.channel().pipeline().context(WebSocketFrameEncoder.class) : null));
            Set<Member> members = groups.get(g).computeIfAbsent(member[0].channel().eventLoop(), l -> ConcurrentHashMap.newKeySet());
            members.add(member[0]);
            return in.receive().then().doFinally(s -> members.remove(member[0]));
        });
    }

    @Override
    public void broadcast(int group, String frame) {
        ByteBuf shared = raw ? Unpooled.wrappedBuffer(KernelFloor.frame(frame.getBytes(StandardCharsets.UTF_8))) : NettyServer.encode(frame);
        for (Map.Entry<EventLoop, Set<Member>> loop : groups.get(group).entrySet()) {
            ByteBuf forLoop = shared.retainedDuplicate();
            loop.getKey().execute(() -> {
                try {
                    for (Member m : loop.getValue()) {
                        if (!m.channel().isActive()) {
                            continue;
                        }
                        if (raw) {
                            m.belowEncoder().writeAndFlush(forLoop.retainedDuplicate(), m.channel().voidPromise());
                        } else {
                            m.channel().writeAndFlush(new TextWebSocketFrame(forLoop.retainedDuplicate()), m.channel().voidPromise());
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
        String t = server.channel().getClass().getSimpleName();
        return raw ? t + ", frames pre-encoded and written below the WebSocket encoder" : t;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
