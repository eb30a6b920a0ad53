package io.incidentfeeds.edge.bench.floor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The floor of a server stack (benchmark only, started by FanOutBenchmark in its own JVM so that
 * its CPU is its own): the same stack as the edge, or Reactor Netty's, sending one frame per update
 * to every session of the update's group, with no logic. Like the bare hub, a ticker renders the
 * updates due every 10 ms, round robin over the groups.
 *
 * <pre>
 * java -cp ... io.incidentfeeds.edge.bench.floor.FloorServer --stack tomcat-text --port 8091 \
 *     --template frame.json --groups 1 --rate 25 [--compress on]
 * </pre>
 *
 * Stacks: tomcat-text (Jakarta async sendText per session, as the edge sends), tomcat-batched
 * (batching allowed, sendText into the buffer, flushBatch per tick), tomcat-bytes (the frame encoded
 * once and its bytes handed to every session through Tomcat's internal send), netty (Reactor Netty,
 * one shared buffer per update, a Sinks.Many per session; --compress on accepts permessage-deflate),
 * netty-loop (the same server, each update written by one task per event loop to its channels, on
 * Java NIO), netty-loop-epoll (the same on Netty's native epoll transport), netty-raw (netty-loop-epoll
 * with each update encoded once as a whole WebSocket frame, written below the encoder), kernel-floor (blocking
 * NIO sockets, a minimal handshake, one write of the pre-encoded frame per socket per update: what
 * any design pays the kernel). The first line of its output names the transport.
 * Tomcat accepts permessage-deflate whenever a client offers it, as the edge does.
 */
public final class FloorServer {

    private static final long TICK_MS = 10;

    private FloorServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int port = Integer.parseInt(o.getOrDefault("port", "8091"));
        int groups = Integer.parseInt(o.getOrDefault("groups", "1"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "25"));
        FrameTemplate template = FrameTemplate.read(Path.of(o.get("template")));
        String stack = o.getOrDefault("stack", "tomcat-text");
        Floor floor = switch (stack) {
            case "tomcat-text" -> new TomcatFloor(port, groups, TomcatFloor.Send.TEXT);
            case "tomcat-batched" -> new TomcatFloor(port, groups, TomcatFloor.Send.BATCHED);
            case "tomcat-bytes" -> new TomcatFloor(port, groups, TomcatFloor.Send.BYTES);
            case "netty" -> new NettyFloor(port, groups, "on".equals(o.get("compress")));
            case "netty-loop" -> new NettyLoopFloor(port, groups, "on".equals(o.get("compress")), false, false);
            case "netty-loop-epoll" -> new NettyLoopFloor(port, groups, "on".equals(o.get("compress")), true, false);
            case "netty-raw" -> new NettyLoopFloor(port, groups, false, true, true);
            case "kernel-floor" -> new KernelFloor(port, groups);
            default -> throw new IllegalArgumentException("unknown stack " + stack);
        };
        floor.start();
        System.out.println("floor " + stack + " listening on " + port + ", transport " + floor.transport());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long[] sent = {0};
        ticker.scheduleAtFixedRate(() -> {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            boolean any = sent[0] < due;
            for (; sent[0] < due; sent[0]++) {
                floor.broadcast((int) (sent[0] % groups), template.render());
            }
            if (any) {
                floor.flush();
            }
        }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ticker.shutdownNow();
            try {
                floor.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        Thread.currentThread().join();
    }
}
