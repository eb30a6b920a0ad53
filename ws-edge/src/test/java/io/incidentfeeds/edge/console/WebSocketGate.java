package io.incidentfeeds.edge.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the edge that the browser reaches the console through, and that can take
 * WebSockets away while plain HTTP goes on working: what a console meets behind a proxy or load
 * balancer that drops upgrades. {@link #block()} cuts the open WebSocket connections and answers
 * every new upgrade with 503; {@link #open()} lets them through again. Bytes are relayed as they
 * are (Host and Origin unchanged), so the edge's same-origin check sees the page's own origin.
 */
final class WebSocketGate implements AutoCloseable {

    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "websocket-gate");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> webSockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean blocked;

    WebSocketGate(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Cuts every open WebSocket and refuses new upgrades; HTTP requests still pass. */
    void block() {
        blocked = true;
        for (Socket s : webSockets) {
            closeQuietly(s);
        }
    }

    void open() {
        blocked = false;
    }

    /** Upgrade requests answered with 503 so far. */
    int refusedUpgrades() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                all.add(client);
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket()) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            boolean upgrade = isWebSocketUpgrade(head);
            if (upgrade && blocked) {
                refused.incrementAndGet();
                client.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                return;
            }
            all.add(upstream);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            if (upgrade) {
                webSockets.add(client);
            }
            OutputStream toEdge = upstream.getOutputStream();
            toEdge.write(head);
            toEdge.flush();
            threads.execute(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            // a side closed: the other one is closed by try-with-resources
        } finally {
            webSockets.remove(client);
            all.remove(client);
        }
    }

    /** The request head and whatever else the first reads brought; null when the client left. */
    private static byte[] readHead(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_HEAD];
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return n == 0 ? null : Arrays.copyOf(buf, n);
            }
            n += r;
            if (indexOf(buf, n, END_OF_HEAD) >= 0) {
                return Arrays.copyOf(buf, n);
            }
        }
        return buf;
    }

    static boolean isWebSocketUpgrade(byte[] head) {
        int end = indexOf(head, head.length, END_OF_HEAD);
        String text = new String(head, 0, end < 0 ? head.length : end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String line : text.split("\r\n")) {
            if (line.startsWith("upgrade:") && line.contains("websocket")) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] data, int length, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int r;
            while ((r = in.read(buf)) >= 0) {
                out.write(buf, 0, r);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(java.io.Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        all.forEach(WebSocketGate::closeQuietly);
        threads.shutdownNow();
    }
}
