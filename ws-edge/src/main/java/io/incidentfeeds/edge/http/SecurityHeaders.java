package io.incidentfeeds.edge.http;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.basemap.BasemapOrigins;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Response headers for a page that holds a bearer token and an API that serves incidents per
 * agency. The console's own {@code <meta>} policy cannot forbid framing (browsers ignore
 * {@code frame-ancestors} there), so the policy is sent as a header too; API answers must never be
 * kept by a shared cache, since what they hold depends on who asked.
 */
@Component
public class SecurityHeaders extends OncePerRequestFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final String contentSecurityPolicy;

    public SecurityHeaders(EdgeProperties props) {
        this.contentSecurityPolicy = BasemapOrigins.contentSecurityPolicy(CONTENT_SECURITY_POLICY, props.basemap());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (request.getRequestURI().startsWith("/api/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        if (request.isSecure()) {
            // Only over TLS: a browser that saw this on plain HTTP would ignore it anyway.
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(request, response);
    }
}
