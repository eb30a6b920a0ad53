package io.incidentfeeds.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A console as the protocol (schemas/README.md section 7, ws-edge/docs/protocol.md "Resume") expects one to
 * behave, over a real JDK WebSocket: it keeps a map id -> version from the snapshot and the updates
 * (a delete removes), remembers the last position it was given, and after its connection ends it
 * connects again and subscribes with {@code resume_from} that position. It records every version
 * that went backwards, or repeated within one connection, as a violation.
 */
public final class ResumingConsole implements WebSocket.Listener {

    // Not the contract's mapper: its input limits guard the pipeline, and an EOC's snapshot is large.
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final String name;
    private final String token;
    private final URI endpoint;
    private final BlockingQueue<JsonNode> control = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final Map<String, Long> map = new TreeMap<>();
    private final Map<String, Long> highest = new HashMap<>();
    private final Map<String, Long> highestThisConnection = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private final List<Boolean> resumed = new ArrayList<>();
    private volatile CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private String position;
    private int updatesThisConnection;
    private volatile VersionListener listener = (id, version) -> { };

    /** Told every state the console receives (snapshot and updates), as it applies it. */
    @FunctionalInterface
    public interface VersionListener {
        void received(String incidentId, long version);
    }

    public ResumingConsole(String name, String token, String consoleUrl) {
        this.name = name;
        this.token = token;
        this.endpoint = URI.create(consoleUrl.replace("http", "ws") + "/ws");
    }

    /** Connects, authenticates and subscribes to {@code incidents}: resuming when it has a position. */
    public synchronized void connect(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                attempt();
                return;
            } catch (Exception refused) {
                // The edge is still down or not ready: the console retries, as the browser console does.
                if (socket != null) {
                    socket.abort();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + ": could not connect and subscribe within " + within, refused);
                }
                Thread.sleep(500);
            }
        }
    }

    private void attempt() throws Exception {
        control.clear();
        partial.setLength(0);
        closed = new CompletableFuture<>();
        synchronized (map) {
            highestThisConnection.clear();
            updatesThisConnection = 0;
        }
        socket = HTTP.newWebSocketBuilder().buildAsync(endpoint, this).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).get(5, TimeUnit.SECONDS);
        await("auth.success");
        String resumeFrom;
        synchronized (map) {
            resumeFrom = position;
        }
        socket.sendText("{\"type\":\"subscribe\",\"channel\":\"incidents\""
                + (resumeFrom == null ? "" : ",\"resume_from\":\"" + resumeFrom + "\"") + "}", true).get(5, TimeUnit.SECONDS);
        JsonNode subscribed = await("subscribed");
        if (resumeFrom != null) {
            resumed.add(subscribed.path("data").path("resumed").asBoolean());
        }
    }

    private JsonNode await(String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = control.poll(200, TimeUnit.MILLISECONDS);
            if (message != null && message.path("type").asString().equals(type)) {
                return message;
            }
            if (message != null && message.path("type").asString().equals("error")
                    && !message.path("error").path("code").asString().equals("RESUME_UNAVAILABLE")) {
                throw new IllegalStateException(name + " got " + message + " while waiting for " + type);
            }
            if (closed.isDone()) {
                throw new IllegalStateException(name + ": closed while waiting for " + type);
            }
        }
        throw new IllegalStateException(name + ": no " + type + " within 20 s");
    }

    /** Completes with the close code when the edge closes the connection, -1 when it breaks off. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** This console's map, restricted to {@code ids}: incident -> version. */
    public Map<String, Long> view(Set<String> ids) {
        synchronized (map) {
            Map<String, Long> view = new TreeMap<>(map);
            view.keySet().retainAll(ids);
            return view;
        }
    }

    public List<String> violations() {
        synchronized (map) {
            return List.copyOf(violations);
        }
    }

    public List<Integer> closeCodes() {
        synchronized (map) {
            return List.copyOf(closeCodes);
        }
    }

    /** Updates received since the console last connected (resumed changes and live ones). */
    int updatesThisConnection() {
        synchronized (map) {
            return updatesThisConnection;
        }
    }

    /** For each resubscription with a position: whether the edge accepted it. */
    List<Boolean> resumed() {
        return List.copyOf(resumed);
    }

    /** Replaces the listener told of every state received. */
    public void listen(VersionListener versionListener) {
        this.listener = versionListener;
    }

    public void close() {
        WebSocket open = socket;
        if (open != null) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode message = JSON.readTree(partial.toString());
            partial.setLength(0);
            apply(message);
        }
        webSocket.request(1);
        return null;
    }

    private void apply(JsonNode message) {
        String type = message.path("type").asString();
        synchronized (map) {
            if (type.equals("snapshot")) {
                map.clear();
                for (JsonNode feature : message.path("data").path("features")) {
                    see(feature, false);
                    map.put(feature.path("id").asString(), version(feature));
                }
            } else if (type.equals("update")) {
                updatesThisConnection++;
                JsonNode feature = message.path("data");
                boolean delete = message.path("diff_type").asString().equals("delete");
                see(feature, delete);
                if (delete) {
                    map.remove(feature.path("id").asString());
                } else {
                    map.put(feature.path("id").asString(), version(feature));
                }
            }
            if (message.hasNonNull("position")) {
                position = message.path("position").asString();
            }
        }
        if (!type.equals("update")) {
            control.add(message);
        }
    }

    /**
     * A state must never be older than one seen before; within one connection it must be newer,
     * except a delete, which carries the last state the console was entitled to (possibly the one it
     * has). Across a reconnect a resumed change may repeat the last state (the protocol resends
     * changes of a half-delivered resume rather than skip any).
     */
    private void see(JsonNode feature, boolean delete) {
        String id = feature.path("id").asString();
        long version = version(feature);
        Long before = highest.get(id);
        Long beforeHere = highestThisConnection.get(id);
        if (before != null && version < before) {
            violations.add(id + " went back from version " + before + " to " + version);
        } else if (beforeHere != null && version == beforeHere && !delete) {
            violations.add(id + " version " + version + " came twice on one connection");
        }
        highest.merge(id, version, Math::max);
        highestThisConnection.merge(id, version, Math::max);
        listener.received(id, version);
    }

    private static long version(JsonNode feature) {
        return feature.path("reconciliation").path("version").asLong();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        synchronized (map) {
            closeCodes.add(statusCode);
        }
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        synchronized (map) {
            closeCodes.add(-1);
        }
        closed.complete(-1);
    }
}
