package io.incidentfeeds.localstack.component;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Readiness checks that need nothing from the component but its public endpoints. */
public final class Probes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Probes() {
    }

    /** Something accepts connections on {@code host:port}. */
    public static ChildJvm.Readiness listening(String host, int port) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return true;
            }
        };
    }

    /** {@code GET url} answers 200 and its body contains {@code expected} (null: any body). */
    public static ChildJvm.Readiness httpOk(String url, String expected) {
        return () -> {
            HttpResponse<String> response = get(url);
            return response.statusCode() == 200 && (expected == null || response.body().contains(expected));
        };
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
