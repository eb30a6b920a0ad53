package io.incidentfeeds.processor.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /health}: {@code {"status":"running"|"rebalancing"|"starting"|"error"|"stopped",
 * "streams_state":"..."}}, HTTP 200 while running or rebalancing, else 503.
 * {@code GET /metrics}: the Prometheus text exposition. The JDK's own HTTP server: two endpoints do
 * not justify a web framework.
 */
public final class HealthServer implements AutoCloseable {

    /** A status and the Kafka Streams state it came from. */
    public record Health(String status, String streamsState) {
        boolean serving() {
            return status.equals("running") || status.equals("rebalancing");
        }
    }

    private final HttpServer server;

    public HealthServer(String bindAddress, int port, Supplier<Health> health, Supplier<String> prometheus) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", exchange -> {
            Health h = health.get();
            respond(exchange, h.serving() ? 200 : 503, "application/json",
                    "{\"status\":\"" + h.status() + "\",\"streams_state\":\"" + h.streamsState() + "\"}");
        });
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.get()));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
