package io.incidentfeeds.edge.bench.floor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel floor: the cheapest sender the consoles accept, so that its CPU per frame is what any
 * design pays the kernel for a frame on this machine. Plain blocking NIO sockets, a minimal
 * WebSocket handshake (no extensions) on an acceptor thread, and per update the frame encoded once
 * with its WebSocket header into one direct buffer, written to every socket of the group with one
 * {@code write} each from the ticker's thread. No event loop, no selector, no per-session state.
 */
final class KernelFloor implements Floor {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
    private static final Pattern GROUP = Pattern.compile("^GET /ws\\?g=(\\d+) ");
    private static final int MAX_REQUEST = 8192;

    private final int port;
    private final List<List<SocketChannel>> groups = new ArrayList<>();
    private ServerSocketChannel listener;

    KernelFloor(int port, int groups) {
        this.port = port;
        for (int g = 0; g < groups; g++) {
            this.groups.add(new CopyOnWriteArrayList<>());
        }
    }

    @Override
    public void start() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port), 1024);
        Thread acceptor = new Thread(() -> {
            while (listener.isOpen()) {
                try {
                    SocketChannel s = listener.accept();
                    try {
                        handshake(s);
                    } catch (IOException | RuntimeException e) {
                        s.close();
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        }, "kernel-floor-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads the upgrade request, answers 101 and adds the socket to its group. */
    private void handshake(SocketChannel s) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
        String request = "";
        while (!request.contains("\r\n\r\n")) {
            if (!in.hasRemaining() || s.read(in) < 0) {
                throw new IOException("no complete upgrade request");
            }
            request = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        }
        Matcher key = KEY.matcher(request);
        Matcher group = GROUP.matcher(request);
        if (!key.find() || !group.find()) {
            throw new IOException("not a WebSocket upgrade to /ws?g=N");
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key.group(1) + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer out = ByteBuffer.wrap(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        while (out.hasRemaining()) {
            s.write(out);
        }
        s.socket().setTcpNoDelay(true);
        groups.get(Integer.parseInt(group.group(1)) % groups.size()).add(s);
    }

    @Override
    public void broadcast(int group, String text) {
        ByteBuffer frame = frame(text.getBytes(StandardCharsets.UTF_8));
        List<SocketChannel> members = groups.get(group);
        for (SocketChannel s : members) {
            ByteBuffer bytes = frame.duplicate();
            try {
                while (bytes.hasRemaining()) {
                    s.write(bytes);
                }
            } catch (IOException gone) {
                members.remove(s);
            }
        }
    }

    /** One unmasked final text frame (RFC 6455), header and payload in one direct buffer (netty-raw sends it too). */
    static ByteBuffer frame(byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length <= 0xFFFF ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocateDirect(header + payload.length);
        b.put((byte) 0x81);
        if (payload.length < 126) {
            b.put((byte) payload.length);
        } else if (payload.length <= 0xFFFF) {
            b.put((byte) 126).putShort((short) payload.length);
        } else {
            b.put((byte) 127).putLong(payload.length);
        }
        return b.put(payload).flip();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (List<SocketChannel> members : groups) {
            for (SocketChannel s : members) {
                s.close();
            }
        }
    }
}
