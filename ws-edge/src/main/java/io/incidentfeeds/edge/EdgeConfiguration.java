package io.incidentfeeds.edge;

import io.incidentfeeds.edge.audit.AuditLog;
import io.incidentfeeds.access.AccessPolicy;
import io.incidentfeeds.edge.auth.TokenVerifier;
import io.incidentfeeds.edge.fanout.ConflictFeed;
import io.incidentfeeds.edge.fanout.Fanout;
import io.incidentfeeds.edge.metrics.EdgeMetrics;
import io.incidentfeeds.edge.replay.History;
import io.incidentfeeds.edge.replay.CheckpointHistory;
import io.incidentfeeds.edge.replay.Replays;
import io.incidentfeeds.edge.session.ChannelUpgrade;
import io.incidentfeeds.edge.session.DrainingHandshake;
import io.incidentfeeds.edge.session.EdgeWebSocketHandler;
import io.incidentfeeds.edge.session.SessionRegistry;
import io.incidentfeeds.edge.view.LiveView;
import io.incidentfeeds.edge.view.ReconciledFollower;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.socket.server.WebSocketService;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Wires the edge: the live view and its reader, the fan-out, the /ws endpoint (WebFlux on Reactor
 * Netty), health and metrics.
 */
@Configuration(proxyBeanMethods = false)
public class EdgeConfiguration {

    static final String WS_PATH = "/ws";
    /**
     * The largest client frame Reactor Netty reads (it aggregates a fragmented message up to this):
     * frames above {@code edge.limits.max-frame-bytes} and up to this are refused by the edge with
     * RATE_LIMIT_EXCEEDED and the session survives; larger ones close the connection (1009).
     */
    private static final int MIN_READ_FRAME_BYTES = 65536;

    @Bean
    LiveView liveView(EdgeProperties props) {
        return new LiveView(props.kafka().changeLogPerPartition());
    }

    @Bean
    ReconciledFollower reconciledFollower(EdgeProperties props, LiveView view) {
        return new ReconciledFollower(props.kafka(), view);
    }

    @Bean
    Fanout fanout(LiveView view, EdgeMetrics metrics) {
        Fanout fanout = new Fanout(metrics);
        view.addListener(fanout);
        return fanout;
    }

    @Bean
    ConflictFeed conflictFeed(EdgeProperties props, LiveView view, Fanout fanout) {
        return new ConflictFeed(props.kafka(), view, fanout);
    }

    @Bean
    TokenVerifier tokenVerifier(EdgeProperties props) {
        return new TokenVerifier(props.auth());
    }

    @Bean
    AccessPolicy accessPolicy(EdgeProperties props) {
        return new AccessPolicy(props.access());
    }

    @Bean
    SessionRegistry sessionRegistry(ReconciledFollower reader) {
        SessionRegistry sessions = new SessionRegistry();
        // Consoles reconnect and resume against the rebuilt view (positions mean the same in it).
        reader.onRestart(sessions::closeAll);
        return sessions;
    }

    @Bean
    AuditLog auditLog() {
        return new AuditLog();
    }

    @Bean
    EdgeMetrics edgeMetrics(MeterRegistry registry, SessionRegistry sessions, LiveView view,
                            ReconciledFollower reader) {
        EdgeMetrics metrics = new EdgeMetrics(registry);
        metrics.gauge("edge.sessions", "Open WebSocket sessions", sessions::size);
        metrics.gauge("edge.subscriptions", "Subscriptions over all sessions", sessions::subscriptions);
        metrics.gauge("edge.view.incidents", "Live incidents in the view",
                () -> view.started() ? view.read(r -> r.liveCount()) : 0);
        metrics.gauge("edge.consumer.lag", "Records of incidents.reconciled not yet read", reader::lag);
        metrics.gauge("edge.records.invalid", "Records of incidents.reconciled that were not reconciled incidents",
                reader::invalidRecords);
        return metrics;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService edgeScheduler() {
        return Executors.newScheduledThreadPool(2, daemon("edge-timer"));
    }

    /**
     * The server's own event loops and connection pools rather than Reactor Netty's global ones:
     * stopping one edge (a test that starts several in one JVM, a context restart) would otherwise
     * dispose the loops of every other.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }

    /** Where the consoles' messages are handled, one at a time per session, off the event loops. */
    @Bean(destroyMethod = "dispose")
    Scheduler edgeInbound() {
        return Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
                Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "edge-inbound", 60, true);
    }

    @Bean
    EdgeWebSocketHandler edgeWebSocketHandler(EdgeProperties props, TokenVerifier verifier, AccessPolicy policy,
                                              LiveView view, ReconciledFollower reader, Fanout fanout,
                                              SessionRegistry sessions, EdgeMetrics metrics, AuditLog audit,
                                              ScheduledExecutorService edgeScheduler, Scheduler edgeInbound,
                                              Replays replays) {
        return new EdgeWebSocketHandler(props, verifier, policy, view, reader, fanout, sessions, metrics, audit,
                edgeScheduler, edgeInbound, replays);
    }

    /** The replay channel's history: the shared history module (nearest checkpoint, then the history after it). */
    @Bean
    History replayHistory(EdgeProperties props) {
        return new CheckpointHistory(props.kafka(), props.replay().historyTopic(), props.replay().checkpointsTopic());
    }

    /** Replays are paced on timers of their own, never on the event loops or the live view's reader. */
    @Bean(destroyMethod = "close")
    Replays replays(EdgeProperties props, History replayHistory, EdgeMetrics metrics) {
        Replays replays = new Replays(props.replay(), replayHistory,
                Executors.newScheduledThreadPool(2, daemon("edge-replay")), Clock.systemUTC(), System::nanoTime);
        metrics.gauge("edge.replays", "Replays playing on this edge", replays::running);
        return replays;
    }

    /**
     * /ws, ahead of the static resources. The origin of every handshake is checked as CORS on this
     * mapping: with no allowed origins configured only same-origin pages (and clients that send no
     * Origin, i.e. not browsers) may connect; others get 403.
     */
    @Bean
    HandlerMapping edgeEndpoint(EdgeWebSocketHandler handler, EdgeProperties props) {
        SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of(WS_PATH, handler), Ordered.HIGHEST_PRECEDENCE);
        CorsConfiguration origins = new CorsConfiguration();
        origins.setAllowedOriginPatterns(props.allowedOrigins());
        origins.setAllowedMethods(List.of("GET"));
        mapping.setCorsConfigurations(Map.of(WS_PATH, origins));
        return mapping;
    }

    /**
     * The WebSocket handshake on Reactor Netty: permessage-deflate is never negotiated (compressing
     * each frame per session would cost more than the whole fan-out; docs/benchmarks/ws-edge-floor.md),
     * and the largest frame read is a few times the edge's own limit.
     */
    @Bean
    WebFluxConfigurer webSocketService(EdgeProperties props) {
        int maxRead = Math.max(MIN_READ_FRAME_BYTES, 4 * props.limits().maxFrameBytes());
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return new HandshakeWebSocketService(new ChannelUpgrade(
                        () -> WebsocketServerSpec.builder().compress(false).handlePing(true).maxFramePayloadLength(maxRead)));
            }
        };
    }

    /** New consoles get 503 once this replica drains ({@link #sessionDrain}). */
    @Bean
    DrainingHandshake drainingHandshake(SessionRegistry sessions) {
        return new DrainingHandshake(sessions, WS_PATH);
    }

    /** Readiness: UP once the live view has read the topic up to the end offsets it had at start. */
    @Bean
    HealthIndicator liveViewHealthIndicator(ReconciledFollower reader) {
        return () -> (reader.caughtUp() ? Health.up() : Health.outOfService())
                .withDetail("status", reader.status())
                .withDetail("lag", reader.lag())
                .build();
    }

    /**
     * Closes every session with 1001 before the web server stops, so consoles move to another
     * replica at once; from then on handshakes are refused ({@link DrainingHandshake}).
     */
    @Bean
    SmartLifecycle sessionDrain(SessionRegistry sessions) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                sessions.closeAll();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
