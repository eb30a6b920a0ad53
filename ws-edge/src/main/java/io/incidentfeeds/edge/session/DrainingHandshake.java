package io.incidentfeeds.edge.session;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses the WebSocket handshake on /ws with 503 (and {@code Retry-After: 1}) once this replica
 * drains for shutdown. Consoles told to go away (1001) reconnect at once; between that and the web
 * server's own shutdown they would otherwise land here again and be dropped a second time. A load
 * balancer sends the retry to another replica; a console alone retries until this one is back.
 */
public final class DrainingHandshake implements WebFilter {

    private final SessionRegistry sessions;
    private final String path;

    public DrainingHandshake(SessionRegistry sessions, String path) {
        this.sessions = sessions;
        this.path = path;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (sessions.draining() && path.equals(exchange.getRequest().getPath().value())) {
            exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            exchange.getResponse().getHeaders().set("Retry-After", "1");
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }
}
