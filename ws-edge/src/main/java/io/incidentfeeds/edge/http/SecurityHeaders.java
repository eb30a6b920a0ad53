package io.incidentfeeds.edge.http;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.basemap.BasemapOrigins;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Response headers for a page that holds a bearer token and an API that serves incidents per
 * agency. The console's own {@code <meta>} policy cannot forbid framing (browsers ignore
 * {@code frame-ancestors} there), so the policy is sent as a header too; API answers must never be
 * kept by a shared cache, since what they hold depends on who asked.
 */
@Component
public class SecurityHeaders implements WebFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final String contentSecurityPolicy;

    public SecurityHeaders(EdgeProperties props) {
        this.contentSecurityPolicy = BasemapOrigins.contentSecurityPolicy(CONTENT_SECURITY_POLICY, props.basemap());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("Content-Security-Policy", contentSecurityPolicy);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        if (request.getPath().value().startsWith("/api/")) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        if (request.getSslInfo() != null) {
            // Only over TLS: a browser that saw this on plain HTTP would ignore it anyway.
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
        return chain.filter(exchange);
    }
}
