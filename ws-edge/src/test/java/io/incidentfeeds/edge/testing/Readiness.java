package io.incidentfeeds.edge.testing;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits for an edge's readiness group, as a load balancer would. */
public final class Readiness {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Readiness() {
    }

    /** The HTTP status of /actuator/health/readiness. */
    public static int status(EdgeInstance edge) {
        try {
            return HTTP.send(HttpRequest.newBuilder(edge.http("/actuator/health/readiness")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    public static void await(EdgeInstance edge) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (status(edge) != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("edge not ready within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
