package io.incidentfeeds.edge.auth;

import static io.incidentfeeds.edge.testing.JwksServer.rsaKey;
import static io.incidentfeeds.edge.testing.JwksServer.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.JwksServer;
import io.incidentfeeds.edge.testing.Readiness;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Consoles signing in with an identity provider's tokens over real WebSockets and HTTP, while the
 * provider (a JWKS server on loopback) rotates its signing key: a session keeps working across the
 * rotation and takes a token of the new key; a console with the new key signs in after one fetch;
 * once the old key is withdrawn and the edge has fetched again, its tokens are refused. A user of
 * two agencies is refused on both paths.
 */
@WithKafka
class IdentityProviderSignInTest {

    private static final String ISSUER = "https://idp.example.org/realms/eoc";
    private static final String AUDIENCE = "ws-edge";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String token(RSAKey key, Object agency, String role) {
        return sign(key, new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of("account", AUDIENCE))
                .subject("user-" + agency).claim("agency_id", agency).claim("roles", List.of(role))
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
    }

    @Test
    void consolesSignInAcrossAKeyRotation(KafkaBroker kafka) throws Exception {
        String topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.reconciled"), 3, Map.of("cleanup.policy", "compact"));
        RSAKey oldKey = rsaKey("idp-2026-11");
        RSAKey newKey = rsaKey("idp-2026-12");
        try (JwksServer idp = new JwksServer(); Incidents in = new Incidents(kafka.bootstrapServers(), topic)) {
            idp.publish(oldKey);
            Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), topic);
            props.remove("edge.auth.hs256.secret");
            props.put("edge.auth.jwks.url", idp.url().toString());
            props.put("edge.auth.jwks.rate-limit", "300ms");
            props.put("edge.auth.jwks.issuer", ISSUER);
            props.put("edge.auth.jwks.audience", AUDIENCE);
            in.write(Incidents.simple("IDP-1", 1, DiffType.CREATE, "sffd", "j-sf", -122.4, 37.7));
            in.write(Incidents.simple("IDP-2", 1, DiffType.CREATE, "oakfd", "j-oak", -122.2, 37.8));
            try (EdgeInstance edge = EdgeInstance.start(props)) {
                Readiness.await(edge);
                try (TestConsole before = TestConsole.authenticated(edge.ws(), token(oldKey, "sffd", "dispatcher"))) {
                    JsonNode snapshot = before.subscribeForSnapshot("incidents", "{}");
                    assertThat(snapshot.path("data").path("features").valueStream()
                            .map(f -> f.path("id").asString()).toList()).containsExactly("IDP-1");

                    // The provider starts signing with a new key, published beside the old one.
                    idp.publish(oldKey, newKey);
                    int fetched = idp.fetches();
                    try (TestConsole after = TestConsole.authenticated(edge.ws(), token(newKey, "sffd", "dispatcher"))) {
                        assertThat(idp.fetches()).isEqualTo(fetched + 1);
                        // The open session renews with a token of the new key and keeps its updates.
                        before.send("{\"type\":\"auth\",\"token\":\"" + token(newKey, "sffd", "dispatcher") + "\"}");
                        before.expect("auth.success");
                        in.write(Incidents.simple("IDP-1", 2, DiffType.UPDATE, "sffd", "j-sf", -122.41, 37.7));
                        assertThat(before.until(m -> m.path("type").asString().equals("update"))
                                .path("data").path("id").asString()).isEqualTo("IDP-1");
                        assertThat(get(edge, "/api/incidents/IDP-1", token(newKey, "sffd", "dispatcher")).statusCode())
                                .isEqualTo(200);
                    }

                    // The old key is withdrawn. Until the edge fetches again it still trusts it
                    // (what a cache means); a token with a kid it does not know makes it fetch.
                    idp.publish(newKey);
                    String withOldKey = token(oldKey, "sffd", "dispatcher");
                    Thread.sleep(400);
                    refused(edge, token(rsaKey("never-published"), "sffd", "dispatcher"), "signature does not verify");
                    refused(edge, withOldKey, "signature does not verify");
                    assertThat(get(edge, "/api/incidents", withOldKey).statusCode()).isEqualTo(401);
                }

                // A user the provider puts in two agencies speaks for neither.
                String twoAgencies = token(newKey, List.of("sffd", "oakfd"), "dispatcher");
                refused(edge, twoAgencies, "the user belongs to more than one agency [oakfd, sffd]");
                HttpResponse<String> http = get(edge, "/api/incidents", twoAgencies);
                assertThat(http.statusCode()).isEqualTo(401);
                assertThat(http.body()).contains("AUTH_FAILED", "more than one agency");
            }
        }
    }

    private static void refused(EdgeInstance edge, String token, String reason) {
        try (TestConsole console = TestConsole.connect(edge.ws())) {
            console.expect("connection");
            console.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
            JsonNode failed = console.expect("auth.failed");
            assertThat(failed.path("error").path("code").asString()).isEqualTo("AUTH_FAILED");
            assertThat(failed.path("error").path("message").asString()).startsWith(reason);
        }
    }

    private static HttpResponse<String> get(EdgeInstance edge, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(edge.http(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
