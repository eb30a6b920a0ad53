package io.incidentfeeds.localstack.idp;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local stack's OAuth2 token endpoint (RFC 6749) on the JDK's HTTP server, so that tools which
 * can only sign in by OAuth2 (QGIS's "Resource Owner" grant, curl, later the GIS services) get
 * console tokens here as they would from Keycloak:
 * <ul>
 *   <li>{@code POST /oauth2/token}, form-encoded: {@code grant_type=password} (with
 *       {@code username}, {@code password}) or {@code grant_type=client_credentials}; the client
 *       authenticates with HTTP Basic or with {@code client_id}/{@code client_secret} in the form
 *       (one of the two). Answers {@code access_token}, {@code token_type=Bearer},
 *       {@code expires_in}; errors as section 5.2 says ({@code invalid_request},
 *       {@code invalid_client} with 401, {@code invalid_grant}, {@code unauthorized_client},
 *       {@code unsupported_grant_type} with 400).</li>
 *   <li>{@code GET /.well-known/jwks.json}: the public signing key, which ws-edge verifies with.</li>
 *   <li>{@code GET /.well-known/openid-configuration}: issuer, token endpoint, JWKS URI.</li>
 * </ul>
 * Request bodies above {@link #MAX_FORM_BYTES} are refused unread.
 */
public final class TokenEndpoint implements AutoCloseable {

    /** A token request is a few hundred bytes; anything much larger is not one. */
    static final int MAX_FORM_BYTES = 8 * 1024;

    private final DemoDirectory directory;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final TokenIssuer issuer;

    /**
     * Listens on {@code address} (port 0: a free one) and issues tokens valid for {@code ttl}; the
     * issuer is this endpoint's own URL.
     */
    public TokenEndpoint(InetSocketAddress address, RSAKey key, DemoDirectory directory, java.time.Duration ttl)
            throws IOException {
        this.directory = directory;
        this.server = HttpServer.create(address, 0);
        this.baseUrl = "http://" + address.getHostString() + ":" + server.getAddress().getPort();
        this.issuer = new TokenIssuer(key, baseUrl, ttl);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "idp-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/oauth2/token", this::token);
        server.createContext("/.well-known/jwks.json", exchange -> get(exchange, new JWKSet(key).toPublicJWKSet().toJSONObject()));
        server.createContext("/.well-known/openid-configuration", exchange -> get(exchange, discovery()));
        server.start();
    }

    public String issuer() {
        return baseUrl;
    }

    public String tokenUrl() {
        return baseUrl + "/oauth2/token";
    }

    public String jwksUrl() {
        return baseUrl + "/.well-known/jwks.json";
    }

    /** The issuer, to mint tokens without a request (the stack's demo token file). */
    public TokenIssuer tokens() {
        return issuer;
    }

    private Map<String, Object> discovery() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", baseUrl);
        doc.put("token_endpoint", tokenUrl());
        doc.put("jwks_uri", jwksUrl());
        doc.put("grant_types_supported", List.of("password", "client_credentials"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        doc.put("response_types_supported", List.of("token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return doc;
    }

    private void get(HttpExchange exchange, Map<String, Object> body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            send(exchange, 200, body);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, Object> answer;
            int status = 200;
            try {
                answer = grant(exchange);
            } catch (OAuthError e) {
                status = e.status;
                answer = Map.of("error", e.code, "error_description", e.getMessage());
                if (e.status == 401 && exchange.getRequestHeaders().containsKey("Authorization")) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"incident-feeds\"");
                }
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("Pragma", "no-cache");
            send(exchange, status, answer);
        }
    }

    private Map<String, Object> grant(HttpExchange exchange) throws OAuthError, IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new OAuthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        Map<String, String> form = form(exchange.getRequestBody());
        DemoDirectory.Client client = authenticate(exchange.getRequestHeaders().getFirst("Authorization"), form);
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw new OAuthError(400, "invalid_request", "grant_type is missing");
        }
        Instant now = Instant.now();
        String token = switch (grantType) {
            case "password" -> {
                if (client.mayUseClientCredentials()) {
                    throw new OAuthError(400, "unauthorized_client", "this client may not use the password grant");
                }
                String username = form.get("username");
                if (username == null || form.get("password") == null) {
                    throw new OAuthError(400, "invalid_request", "username and password are required");
                }
                DemoDirectory.User user = directory.user(username, form.get("password"))
                        .orElseThrow(() -> new OAuthError(400, "invalid_grant", "unknown user or wrong password"));
                yield issuer.mint(user.name(), client.id(), user.agencyId(), user.roles(), now);
            }
            case "client_credentials" -> {
                if (!client.mayUseClientCredentials()) {
                    throw new OAuthError(400, "unauthorized_client", "this client may not use the client_credentials grant");
                }
                yield issuer.mint(client.id(), client.id(), client.agencyId(), client.roles(), now);
            }
            default -> throw new OAuthError(400, "unsupported_grant_type", "supported: password, client_credentials");
        };
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", issuer.ttl().toSeconds());
        return answer;
    }

    /** RFC 6749 section 2.3.1: HTTP Basic with form-encoded id and secret, or both in the body; not both ways. */
    private DemoDirectory.Client authenticate(String authorization, Map<String, String> form) throws OAuthError {
        String id;
        String secret;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (form.containsKey("client_secret")) {
                throw new OAuthError(400, "invalid_request", "use one client authentication method, not two");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new OAuthError(401, "invalid_client", "malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new OAuthError(401, "invalid_client", "malformed Basic credentials");
            }
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } else {
            id = form.get("client_id");
            secret = form.get("client_secret");
        }
        Optional<DemoDirectory.Client> client = directory.client(id, secret);
        return client.orElseThrow(() -> new OAuthError(401, "invalid_client", "unknown client or wrong secret"));
    }

    private static Map<String, String> form(InputStream body) throws OAuthError, IOException {
        byte[] bytes = body.readNBytes(MAX_FORM_BYTES + 1);
        if (bytes.length > MAX_FORM_BYTES) {
            throw new OAuthError(413, "invalid_request", "the request body exceeds " + MAX_FORM_BYTES + " bytes");
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new OAuthError(400, "invalid_request", "malformed form encoding");
            }
            if (form.put(name, value) != null) {
                throw new OAuthError(400, "invalid_request", "parameter " + name + " is repeated");
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] json = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** An RFC 6749 section 5.2 error: its code, and the HTTP status it goes with. */
    private static final class OAuthError extends Exception {
        private final int status;
        private final String code;

        OAuthError(int status, String code, String description) {
            super(description);
            this.status = status;
            this.code = code;
        }
    }
}
