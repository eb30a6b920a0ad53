package io.incidentfeeds.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console cannot be framed by another site, and per-agency answers are never cached. */
@WithKafka
@ExtendWith(SharedEdge.class)
class SecurityHeadersTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theConsolePageForbidsFramingAndForeignScripts(SharedEdge.Edge edge) throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(edge.instance().http("/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("frame-ancestors 'none'").contains("script-src 'self'").contains("connect-src 'self'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void apiAnswersAreNotKeptByCaches(SharedEdge.Edge edge) throws Exception {
        HttpResponse<String> allowed = HTTP.send(HttpRequest.newBuilder(edge.instance().http("/api/incidents"))
                .header("Authorization", "Bearer " + Tokens.dispatcher("papa")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(edge.instance().http("/api/incidents")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
}
