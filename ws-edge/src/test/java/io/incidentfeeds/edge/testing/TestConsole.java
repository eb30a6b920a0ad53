package io.incidentfeeds.edge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.json.SchemaViolation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A console over a real WebSocket (the JDK's client): every text frame the edge sends is parsed and
 * validated against ws-server-message.schema.json on arrival; a frame that breaks the contract
 * fails the next call that reads. {@link #pause()} stops reading from the socket (a slow console:
 * the TCP window shuts, the edge's sends back up).
 */
public final class TestConsole implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * Parses what the edge sends. Not the contract's mapper: its 1 MiB document limit guards the
     * edge's input, while a snapshot for an EOC can be larger (browsers have no such limit).
     */
    private static final JsonMapper READER = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<String> violations = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final WebSocket socket;
    private volatile boolean requestPending;
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();

    private TestConsole(URI uri, HttpClient client, String origin) {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    public static TestConsole connect(URI uri) {
        return new TestConsole(uri, HttpClient.newHttpClient(), null);
    }

    public static TestConsole connect(URI uri, HttpClient client, String origin) {
        return new TestConsole(uri, client, origin);
    }

    /** Connects, reads the connection message, authenticates and reads auth.success. */
    public static TestConsole authenticated(URI uri, String token) {
        TestConsole console = connect(uri);
        console.expect("connection");
        console.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
        console.expect("auth.success");
        return console;
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    public void sendBinary(byte[] frame) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(frame), true).join();
    }

    public void subscribe(String channel, String filtersJson) {
        send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"filters\":" + filtersJson + "}");
    }

    /** Subscribes without resume_from, reads {@code subscribed} and returns the snapshot that follows. */
    public JsonNode subscribeForSnapshot(String channel, String filtersJson) {
        subscribe(channel, filtersJson);
        expect("subscribed");
        return expect("snapshot");
    }

    public void subscribe(String channel, String filtersJson, String resumeFrom) {
        send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"filters\":" + filtersJson
                + ",\"resume_from\":\"" + resumeFrom + "\"}");
    }

    /** The next message within {@link #WAIT}; fails when none comes. */
    public JsonNode next() {
        return next(WAIT);
    }

    public JsonNode next(Duration wait) {
        try {
            JsonNode message = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertContract();
            assertThat(message).as("a message within %s", wait).isNotNull();
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message, which must be of {@code type}. */
    public JsonNode expect(String type) {
        JsonNode message = next();
        assertThat(message.path("type").asString()).as("type of %s", message).isEqualTo(type);
        return message;
    }

    /** The next error, which must have {@code code}. */
    public JsonNode expectError(String code) {
        JsonNode message = expect("error");
        assertThat(message.path("error").path("code").asString()).as("code of %s", message).isEqualTo(code);
        return message;
    }

    /** Reads messages until one matches, within {@link #WAIT}; returns it. */
    public JsonNode until(Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            assertThat(left).as("a matching message within %s", WAIT).isPositive();
            JsonNode m = next(Duration.ofNanos(left));
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    /** No message arrives within {@code wait}. */
    public void expectSilence(Duration wait) {
        try {
            JsonNode message = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertContract();
            assertThat(message).as("no message").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Everything received so far, without waiting. */
    public List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        inbox.drainTo(out);
        assertContract();
        return out;
    }

    /** The close code the edge sent, within {@link #WAIT}. */
    public int awaitClose() {
        return awaitClose(WAIT);
    }

    /** The close code the edge sent (or -1 for a connection cut), within {@code wait}. */
    public int awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the edge did not close the connection within " + wait, e);
        }
    }

    /** WebSocket pings received from the edge (the JDK client answers each with a pong). */
    public int pings() {
        return pings.get();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Stops reading: frames pile up in the TCP buffers, and then at the edge. */
    public void pause() {
        synchronized (paused) {
            paused.set(true);
        }
    }

    /**
     * Reads again. Under the same lock as the listener's check, so that a message arriving while
     * this runs either sees the console resumed or leaves its request for this to make.
     */
    public void resume() {
        synchronized (paused) {
            paused.set(false);
            if (requestPending) {
                requestPending = false;
                socket.request(1);
            }
        }
    }

    private void assertContract() {
        synchronized (violations) {
            assertThat(violations).as("server messages that break ws-server-message.schema.json").isEmpty();
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener extends WholeFrames {

        @Override
        protected void onFrame(WebSocket ws, String frame) {
            JsonNode node = READER.readTree(frame);
            List<SchemaViolation> v = ContractValidator.shared().validate(ContractSchema.WS_SERVER_MESSAGE, node);
            if (!v.isEmpty()) {
                synchronized (violations) {
                    violations.add(v + " in " + frame);
                }
            }
            inbox.add(node);
        }

        @Override
        protected void requestNext(WebSocket ws) {
            synchronized (paused) {
                if (paused.get()) {
                    requestPending = true;
                } else {
                    ws.request(1);
                }
            }
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
            pings.incrementAndGet();
            return super.onPing(ws, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }
}
