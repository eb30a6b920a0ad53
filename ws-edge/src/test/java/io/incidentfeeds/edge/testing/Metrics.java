package io.incidentfeeds.edge.testing;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads the edge's Prometheus endpoint. */
public final class Metrics {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Metrics() {
    }

    /** The sum of the samples of {@code name} whose labels contain {@code labelMatch} (empty: all). */
    public static double value(EdgeInstance edge, String name, String labelMatch) {
        String body = scrape(edge);
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (line.contains(labelMatch)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    public static String scrape(EdgeInstance edge) {
        try {
            return HTTP.send(HttpRequest.newBuilder(edge.http("/actuator/prometheus")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
