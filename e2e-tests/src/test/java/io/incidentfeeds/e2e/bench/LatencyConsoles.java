package io.incidentfeeds.e2e.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * N consoles on the JDK's WebSocket client, each authenticated and subscribed to {@code incidents}
 * as the browser console is. On every {@code create}/{@code update} frame a console takes its
 * receipt time and the record's {@code reconciliation.event_time} (the timestamp of the edit that
 * produced the version, which the benchmark set to the edit's scheduled publish time), and records
 * the difference in the current {@link Window}. Frames are scanned, not parsed: the client must
 * cost as little CPU as possible on a machine it shares with the pipeline.
 */
final class LatencyConsoles implements AutoCloseable {

    private static final String EVENT_TIME = "\"event_time\":\"";

    /** Latencies of edits scheduled within [from, to) (epoch microseconds), by quarter of that span. */
    static final class Window {
        final long fromMicros;
        final long toMicros;
        final Histogram[] quarters = new Histogram[4];
        /** The same receipts, kept for {@link HopTimes#split}. */
        final HopTimes.Receipts receipts = new HopTimes.Receipts();

        Window(long fromMicros, long toMicros) {
            this.fromMicros = fromMicros;
            this.toMicros = toMicros;
            for (int i = 0; i < 4; i++) {
                quarters[i] = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(30), 3);
            }
        }

        void record(long eventMicros, long receiptMicros) {
            if (eventMicros >= fromMicros && eventMicros < toMicros) {
                int quarter = (int) ((eventMicros - fromMicros) * 4 / (toMicros - fromMicros));
                quarters[quarter].recordValue(Math.max(0, receiptMicros - eventMicros));
                receipts.add(eventMicros, receiptMicros);
            }
        }

        Histogram total() {
            Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
            for (Histogram quarter : quarters) {
                all.add(quarter);
            }
            return all;
        }
    }

    final AtomicLong updates = new AtomicLong();
    final AtomicLong deletes = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Map<Integer, AtomicLong> closedByCode = new ConcurrentHashMap<>();
    private final AtomicLong lastFrameNanos = new AtomicLong(System.nanoTime());
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "console-callback");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(callbacks).connectTimeout(Duration.ofSeconds(20)).build();
    private final List<WebSocket> sockets = new ArrayList<>();
    private volatile Window window;

    /** Opens one console per token, {@code parallel} handshakes at a time; returns once each has its snapshot. */
    void connect(URI endpoint, List<String> tokens, int parallel, Duration within) throws Exception {
        Semaphore inFlight = new Semaphore(parallel);
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (String token : tokens) {
            inFlight.acquire();
            Console console = new Console(token);
            ready.add(console.ready);
            console.ready.whenComplete((ok, e) -> inFlight.release());
            http.newWebSocketBuilder().buildAsync(endpoint, console).whenComplete((socket, e) -> {
                if (e != null) {
                    console.ready.completeExceptionally(e);
                } else {
                    synchronized (sockets) {
                        sockets.add(socket);
                    }
                }
            });
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    void measure(Window next) {
        window = next;
    }

    /** Nanoseconds since a console last received a frame. */
    long quietNanos() {
        return System.nanoTime() - lastFrameNanos.get();
    }

    long closed() {
        return closedByCode.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public void close() {
        synchronized (sockets) {
            sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").exceptionally(e -> null));
        }
        callbacks.shutdown();
    }

    private final class Console implements WebSocket.Listener {
        private final String token;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        Console(String token) {
            this.token = token;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (!last || partial.length() > 0) {
                partial.append(data);
            }
            if (last) {
                long receipt = micros(Instant.now());
                CharSequence frame = partial.length() > 0 ? partial : data;
                handle(socket, frame.toString(), receipt);
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        private void handle(WebSocket socket, String frame, long receiptMicros) {
            lastFrameNanos.set(System.nanoTime());
            if (frame.startsWith("{\"type\":\"update\"")) {
                if (frame.startsWith("delete", frame.indexOf("\"diff_type\":\"") + 13)) {
                    // A delete may carry an older state (the last one the console was entitled to): not a latency.
                    deletes.incrementAndGet();
                    return;
                }
                updates.incrementAndGet();
                Window current = window;
                int at = frame.indexOf(EVENT_TIME);
                if (current != null && at > 0) {
                    int from = at + EVENT_TIME.length();
                    current.record(micros(Instant.parse(frame.substring(from, frame.indexOf('"', from)))), receiptMicros);
                }
            } else if (frame.startsWith("{\"type\":\"connection\"")) {
                socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true);
            } else if (frame.startsWith("{\"type\":\"auth.success\"")) {
                socket.sendText("{\"type\":\"subscribe\",\"channel\":\"incidents\"}", true);
            } else if (frame.startsWith("{\"type\":\"snapshot\"")) {
                ready.complete(null);
            } else if (frame.startsWith("{\"type\":\"error\"")) {
                errors.incrementAndGet();
                ready.completeExceptionally(new IllegalStateException(frame));
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closedByCode.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
            ready.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closedByCode.computeIfAbsent(-1, c -> new AtomicLong()).incrementAndGet();
            ready.completeExceptionally(error);
        }
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }
}
