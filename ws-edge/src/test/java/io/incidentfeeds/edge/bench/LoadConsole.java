package io.incidentfeeds.edge.bench;

import io.incidentfeeds.edge.testing.WholeFrames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One benchmark console: connects, authenticates, subscribes to its agency, then counts what
 * arrives. It parses nothing but what it needs (type, incident index, version), so the load
 * generator spends little CPU per message on the machine it shares with the edge.
 */
final class LoadConsole extends WholeFrames {

    /** Where a console reports what it received. */
    interface Sink {
        /** An update of incident {@code index} at {@code version}, received at {@code receivedMs}. */
        void update(LoadConsole console, int index, long version, long receivedMs);

        void closed(LoadConsole console, int code);
    }

    private final String token;
    private final String agency;
    final int agencyIndex;
    private final Sink sink;
    final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    /** Highest version seen per incident index of the agency. */
    final long[] versions;
    volatile boolean closed;
    private WebSocket socket;

    LoadConsole(String token, String agency, int agencyIndex, int incidents, Sink sink) {
        this.token = token;
        this.agency = agency;
        this.agencyIndex = agencyIndex;
        this.sink = sink;
        this.versions = new long[incidents];
    }

    CompletableFuture<WebSocket> connect(HttpClient client, URI uri) {
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, this)
                .whenComplete((ws, e) -> {
                    if (e != null) {
                        subscribed.completeExceptionally(e);
                    }
                });
    }

    @Override
    public void onOpen(WebSocket ws) {
        this.socket = ws;
        ws.request(1);
    }

    @Override
    protected void onFrame(WebSocket ws, String frame) {
        long now = System.currentTimeMillis();
        if (frame.startsWith("{\"type\":\"update\"")) {
            int idAt = frame.indexOf("\"id\":\"", frame.indexOf("\"data\":")) + 6;
            int index = Integer.parseInt(frame.substring(frame.indexOf('-', idAt + 2) + 1, frame.indexOf('"', idAt)));
            int vAt = frame.indexOf("\"version\":", idAt) + 10;
            long version = Long.parseLong(frame.substring(vAt, frame.indexOf(',', vAt)));
            if (version > versions[index]) {
                versions[index] = version;
            }
            sink.update(this, index, version, now);
        } else if (frame.startsWith("{\"type\":\"snapshot\"")) {
            subscribed.complete(null);
        } else if (frame.startsWith("{\"type\":\"connection\"")) {
            ws.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true);
        } else if (frame.startsWith("{\"type\":\"auth.success\"")) {
            ws.sendText("{\"type\":\"subscribe\",\"channel\":\"incidents\",\"filters\":{\"agencies\":[\"" + agency + "\"]}}", true);
        } else if (frame.startsWith("{\"type\":\"error\"") || frame.startsWith("{\"type\":\"auth.failed\"")) {
            subscribed.completeExceptionally(new IllegalStateException(frame));
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed = true;
        sink.closed(this, statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed = true;
        subscribed.completeExceptionally(error);
        sink.closed(this, -1);
    }

    void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
