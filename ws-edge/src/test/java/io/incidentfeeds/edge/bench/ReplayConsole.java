package io.incidentfeeds.edge.bench;

import io.incidentfeeds.edge.testing.WholeFrames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * A benchmark console that replays a window at max, over and over: when its replay says
 * {@code ended} it seeks back to the window's start. It counts the replayed versions it receives
 * and parses nothing else (only the frame type and the status), to cost the load generator little.
 */
final class ReplayConsole extends WholeFrames {

    private final String token;
    private final Instant from;
    private final Instant to;
    private final LongAdder versions;
    final CompletableFuture<Void> playing = new CompletableFuture<>();
    private WebSocket socket;

    /** @param versions where every replayed version received is counted */
    ReplayConsole(String token, Instant from, Instant to, LongAdder versions) {
        this.token = token;
        this.from = from;
        this.to = to;
        this.versions = versions;
    }

    CompletableFuture<WebSocket> connect(HttpClient client, URI uri) {
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, this);
    }

    @Override
    public void onOpen(WebSocket ws) {
        this.socket = ws;
        ws.request(1);
    }

    @Override
    protected void onFrame(WebSocket ws, String frame) {
        if (frame.startsWith("{\"type\":\"update\"") && frame.contains("\"channel\":\"replay\"")) {
            versions.increment();
        } else if (frame.startsWith("{\"type\":\"connection\"")) {
            ws.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true);
        } else if (frame.startsWith("{\"type\":\"auth.success\"")) {
            ws.sendText("{\"type\":\"subscribe\",\"channel\":\"replay\",\"from\":\"" + from + "\",\"to\":\"" + to
                    + "\",\"speed\":\"max\"}", true);
        } else if (frame.startsWith("{\"type\":\"replay.status\"") && frame.contains("\"state\":\"playing\"")) {
            playing.complete(null);
        } else if (frame.startsWith("{\"type\":\"replay.status\"") && frame.contains("\"state\":\"ended\"")) {
            ws.sendText("{\"type\":\"seek\",\"at\":\"" + from + "\"}", true);
        } else if (frame.startsWith("{\"type\":\"error\"")) {
            playing.completeExceptionally(new IllegalStateException("replay refused: " + frame));
        }
    }

    void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
