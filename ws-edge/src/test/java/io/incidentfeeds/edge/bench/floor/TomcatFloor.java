package io.incidentfeeds.edge.bench.floor;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.Constants;
import org.apache.tomcat.websocket.WsRemoteEndpointBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The floor of the edge's own stack: embedded Tomcat (NIO connector, as Spring Boot runs it) and a
 * Jakarta WebSocket endpoint, sending through the asynchronous remote with one message in flight per
 * session and a queue behind it, as the edge does, in one of three ways ({@link Send}).
 */
final class TomcatFloor implements Floor {

    /** How a frame reaches a session. */
    enum Send {
        /** {@code sendText(String)} per session: UTF-8 encoded on every send, as the edge does. */
        TEXT,
        /** Batching allowed: {@code sendText} copies into the session's buffer; one flushBatch per tick. */
        BATCHED,
        /** The frame's bytes, encoded once per update, through Tomcat's internal send (no API for it). */
        BYTES
    }

    private static final Method START_MESSAGE;
    private static final Field BASE;

    static {
        try {
            START_MESSAGE = WsRemoteEndpointImplBase.class.getDeclaredMethod("startMessage", byte.class, ByteBuffer.class,
                    boolean.class, SendHandler.class);
            START_MESSAGE.setAccessible(true);
            BASE = WsRemoteEndpointBase.class.getDeclaredField("base");
            BASE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int port;
    private final Send send;
    private final List<Set<Member>> groups = new ArrayList<>();
    private Tomcat tomcat;

    TomcatFloor(int port, int groups, Send send) {
        this.port = port;
        this.send = send;
        for (int g = 0; g < groups; g++) {
            this.groups.add(ConcurrentHashMap.newKeySet());
        }
    }

    @Override
    public void start() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat-floor").toString());
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer(new WsSci(), null);
        ServletContainerInitializer endpoint = (classes, servletContext) -> {
            ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(FloorEndpoint.class, "/ws")
                        .configurator(new ServerEndpointConfig.Configurator() {
                            @Override
                            public <T> T getEndpointInstance(Class<T> type) {
                                return type.cast(new FloorEndpoint(TomcatFloor.this));
                            }
                        }).build());
            } catch (jakarta.websocket.DeploymentException e) {
                throw new jakarta.servlet.ServletException(e);
            }
        };
        context.addServletContainerInitializer(endpoint, null);
        // Filters (the WebSocket upgrade is one) run only for requests mapped to a servlet.
        Tomcat.addServlet(context, "default", new jakarta.servlet.http.HttpServlet() {
            private static final long serialVersionUID = 1L;
        });
        context.addServletMappingDecoded("/", "default");
        tomcat.start();
    }

    @Override
    public void broadcast(int group, String frame) {
        Object message = send == Send.BYTES ? ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer() : frame;
        for (Member m : groups.get(group)) {
            m.offer(message);
        }
    }

    @Override
    public void flush() {
        if (send != Send.BATCHED) {
            return;
        }
        for (Set<Member> group : groups) {
            for (Member m : group) {
                m.flushBatch();
            }
        }
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
    }

    /** The endpoint: joins the session to its group ({@code ?g=}) and never reads anything. */
    public static final class FloorEndpoint extends Endpoint {

        private final TomcatFloor floor;
        private Member member;
        private int group;

        FloorEndpoint(TomcatFloor floor) {
            this.floor = floor;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            List<String> g = session.getRequestParameterMap().get("g");
            group = (g == null ? 0 : Integer.parseInt(g.get(0))) % floor.groups.size();
            member = new Member(session, floor.send);
            floor.groups.get(group).add(member);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            floor.groups.get(group).remove(member);
        }
    }

    /** One session: a queue and at most one message in flight, as the container requires. */
    private static final class Member implements SendHandler {

        private final Session session;
        private final jakarta.websocket.RemoteEndpoint.Async remote;
        private final WsRemoteEndpointImplBase base;
        private final Send send;
        private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean sending = new AtomicBoolean();

        Member(Session session, Send send) {
            this.session = session;
            this.remote = session.getAsyncRemote();
            this.send = send;
            try {
                this.base = (WsRemoteEndpointImplBase) BASE.get(remote);
                if (send == Send.BATCHED) {
                    remote.setBatchingAllowed(true);
                }
            } catch (ReflectiveOperationException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void offer(Object message) {
            queue.add(message);
            drain();
        }

        private void drain() {
            while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
                Object next = queue.poll();
                if (next == null) {
                    sending.set(false);
                    continue;
                }
                try {
                    if (next instanceof ByteBuffer bytes) {
                        START_MESSAGE.invoke(base, Constants.OPCODE_TEXT, bytes.duplicate(), true, this);
                    } else {
                        remote.sendText((String) next, this);
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    sending.set(false);
                    queue.clear();
                }
                return;
            }
        }

        void flushBatch() {
            try {
                remote.flushBatch();
            } catch (IOException | RuntimeException e) {
                queue.clear();
            }
        }

        @Override
        public void onResult(SendResult result) {
            sending.set(false);
            if (!result.isOK()) {
                queue.clear();
                return;
            }
            drain();
        }

        @Override
        public String toString() {
            return session.getId() + " " + send;
        }
    }
}
