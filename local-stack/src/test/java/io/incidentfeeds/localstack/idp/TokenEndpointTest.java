package io.incidentfeeds.localstack.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local identity provider over real HTTP: both grants, both ways of client authentication,
 * every RFC 6749 error it answers, bounded bodies, the discovery document; and its tokens verified
 * as ws-edge verifies them (nimbus' JWKSourceBuilder on the JWKS URL, RS256, issuer, audience).
 */
class TokenEndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static DemoDirectory directory;
    private static TokenEndpoint idp;
    private static DefaultJWTProcessor<SecurityContext> edge;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.loadOrCreate(dir.resolve("idp-users.txt"), List.of("sffd", "oakfd"));
        RSAKey key = SigningKey.loadOrCreate(dir.resolve("idp").resolve("signing-key.json"));
        idp = new TokenEndpoint(new InetSocketAddress("127.0.0.1", 0), key, directory, Duration.ofMinutes(10));
        edge = new DefaultJWTProcessor<>();
        edge.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                JWKSourceBuilder.<SecurityContext>create(URI.create(idp.jwksUrl()).toURL()).build()));
        edge.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of("ws-edge"),
                new JWTClaimsSet.Builder().issuer(idp.issuer()).build(), Set.of("exp", "iss"), null));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static String password(String user) {
        return directory.users().stream().filter(u -> u.name().equals(user)).findFirst().orElseThrow().password();
    }

    private static String secret(String client) throws Exception {
        return Files.readAllLines(dir.resolve("idp-users.txt")).stream().map(l -> l.split("\t"))
                .filter(f -> f[0].equals("client") && f[1].equals(client)).findFirst().orElseThrow()[2];
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(idp.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    private static JWTClaimsSet verified(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> answer = json(response);
        assertThat(answer).containsEntry("token_type", "Bearer").containsEntry("expires_in", 600L);
        return edge.process((String) answer.get("access_token"), null);
    }

    @Test
    void thePasswordGrantIssuesAConsoleTokenTheEdgeVerifies() throws Exception {
        JWTClaimsSet sffd = verified(post(basic("incident-tools", secret("incident-tools")),
                form(Map.of("grant_type", "password", "username", "sffd-dispatcher", "password", password("sffd-dispatcher")))));
        assertThat(sffd.getStringClaim("agency_id")).isEqualTo("sffd");
        assertThat(sffd.getStringListClaim("roles")).containsExactly("dispatcher");
        assertThat(sffd.getSubject()).isEqualTo("sffd-dispatcher");
        assertThat(sffd.getIssuer()).isEqualTo(idp.issuer());

        // The client in the form instead of Basic (what QGIS' o2 library sends).
        JWTClaimsSet eoc = verified(post(null, form(Map.of("grant_type", "password", "username", "eoc",
                "password", password("eoc"), "client_id", "incident-tools", "client_secret", secret("incident-tools"),
                "scope", "openid"))));
        assertThat(eoc.getStringClaim("agency_id")).isEqualTo("oes");
        assertThat(eoc.getStringListClaim("roles")).containsExactly("eoc");
    }

    @Test
    void theClientCredentialsGrantIssuesTheServicesOwnToken() throws Exception {
        JWTClaimsSet service = verified(post(basic("eoc-service", secret("eoc-service")),
                form(Map.of("grant_type", "client_credentials"))));
        assertThat(service.getSubject()).isEqualTo("eoc-service");
        assertThat(service.getStringClaim("agency_id")).isEqualTo("oes");
    }

    @Test
    void answersEveryErrorAsRfc6749SectionFiveTwoSays() throws Exception {
        String tools = basic("incident-tools", secret("incident-tools"));
        assertError(post(tools, form(Map.of("grant_type", "password", "username", "sffd-dispatcher", "password", "guess"))),
                400, "invalid_grant");
        assertError(post(tools, form(Map.of("grant_type", "password", "username", "nobody", "password", "x"))),
                400, "invalid_grant");
        HttpResponse<String> wrongSecret = post(basic("incident-tools", "guess"), form(Map.of("grant_type", "client_credentials")));
        assertError(wrongSecret, 401, "invalid_client");
        assertThat(wrongSecret.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertError(post(null, form(Map.of("grant_type", "client_credentials"))), 401, "invalid_client");
        assertError(post(tools, form(Map.of("grant_type", "authorization_code", "code", "x"))), 400, "unsupported_grant_type");
        assertError(post(tools, form(Map.of("username", "eoc"))), 400, "invalid_request");
        assertError(post(tools, form(Map.of("grant_type", "client_credentials"))), 400, "unauthorized_client");
        assertError(post(basic("eoc-service", secret("eoc-service")), form(Map.of("grant_type", "password",
                "username", "eoc", "password", password("eoc")))), 400, "unauthorized_client");
        assertError(post(tools, form(Map.of("grant_type", "client_credentials", "client_secret", "x"))), 400, "invalid_request");
        assertError(post(tools, "grant_type=password&grant_type=client_credentials"), 400, "invalid_request");
        assertError(post(tools, "grant_type=password&username=" + "a".repeat(TokenEndpoint.MAX_FORM_BYTES)), 413, "invalid_request");
        HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(URI.create(idp.tokenUrl())).header("Authorization", tools)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(json, 400, "invalid_request");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(idp.tokenUrl())).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(405);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response)).containsEntry("error", code).containsKey("error_description").doesNotContainKey("access_token");
    }

    @Test
    void theDiscoveryDocumentNamesTheIssuerTheTokenEndpointAndTheKeys() throws Exception {
        Map<String, Object> doc = JSONObjectUtils.parse(HTTP.send(HttpRequest.newBuilder(
                URI.create(idp.issuer() + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(doc).containsEntry("issuer", idp.issuer()).containsEntry("token_endpoint", idp.tokenUrl())
                .containsEntry("jwks_uri", idp.jwksUrl());
        String jwks = HTTP.send(HttpRequest.newBuilder(URI.create(idp.jwksUrl())).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(jwks).contains("\"kty\":\"RSA\"").doesNotContain("\"d\"").doesNotContain("\"p\"");
    }

    @Test
    void secretsAreMadeOnFirstRunKeptForTheOwnerOnlyAndReusedAfterARestart(@TempDir Path other) throws Exception {
        Path file = dir.resolve("idp-users.txt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("idp").resolve("signing-key.json"))))
                .isEqualTo("rw-------");
        DemoDirectory again = DemoDirectory.loadOrCreate(file, List.of("sffd", "oakfd", "sfpd"));
        assertThat(again.user("sffd-dispatcher", password("sffd-dispatcher"))).isPresent();
        assertThat(again.users()).extracting(DemoDirectory.User::name).contains("sfpd-dispatcher");
        DemoDirectory elsewhere = DemoDirectory.loadOrCreate(other.resolve("idp-users.txt"), List.of("sffd"));
        assertThat(elsewhere.user("sffd-dispatcher", password("sffd-dispatcher"))).isEmpty();
        assertThat(SigningKey.loadOrCreate(dir.resolve("idp").resolve("signing-key.json")).getKeyID())
                .isEqualTo(((Map<?, ?>) ((List<?>) JSONObjectUtils.parse(HTTP.send(HttpRequest.newBuilder(
                        URI.create(idp.jwksUrl())).build(), HttpResponse.BodyHandlers.ofString()).body()).get("keys")).get(0)).get("kid"));
        assertThatThrownBy(() -> again.user("sffd-dispatcher", null).orElseThrow()).isInstanceOf(java.util.NoSuchElementException.class);
    }
}
