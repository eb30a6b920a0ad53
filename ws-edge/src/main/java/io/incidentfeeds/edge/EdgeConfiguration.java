package io.incidentfeeds.edge;

import io.incidentfeeds.edge.audit.AuditLog;
import io.incidentfeeds.access.AccessPolicy;
import io.incidentfeeds.edge.auth.TokenVerifier;
import io.incidentfeeds.edge.fanout.ConflictFeed;
import io.incidentfeeds.edge.fanout.Fanout;
import io.incidentfeeds.edge.metrics.EdgeMetrics;
import io.incidentfeeds.edge.session.DrainingHandshake;
import io.incidentfeeds.edge.session.EdgeWebSocketHandler;
import io.incidentfeeds.edge.session.SessionRegistry;
import io.incidentfeeds.edge.view.LiveView;
import io.incidentfeeds.edge.view.ReconciledTopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** Wires the edge: the live view and its reader, the fan-out, the /ws endpoint, health and metrics. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class EdgeConfiguration {

    /**
     * The container's per-connection message buffers (characters for text, bytes for binary).
     * Frames larger than this arrive in parts (the handler takes partial messages), so the buffer
     * does not have to hold the largest frame allowed: with thousands of connections each KiB here
     * costs megabytes of heap.
     */
    private static final int CONTAINER_TEXT_BUFFER = 4096;
    private static final int CONTAINER_BINARY_BUFFER = 1024;

    @Bean
    LiveView liveView(EdgeProperties props) {
        return new LiveView(props.kafka().changeLogPerPartition());
    }

    @Bean
    ReconciledTopicReader reconciledTopicReader(EdgeProperties props, LiveView view) {
        return new ReconciledTopicReader(props.kafka(), view);
    }

    @Bean
    Fanout fanout(LiveView view) {
        Fanout fanout = new Fanout();
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
    SessionRegistry sessionRegistry(ReconciledTopicReader reader) {
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
                            ReconciledTopicReader reader, Fanout fanout) {
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

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService edgeIo() {
        return Executors.newCachedThreadPool(daemon("edge-io"));
    }

    @Bean
    EdgeWebSocketHandler edgeWebSocketHandler(EdgeProperties props, TokenVerifier verifier, AccessPolicy policy,
                                              LiveView view, ReconciledTopicReader reader, Fanout fanout,
                                              SessionRegistry sessions, EdgeMetrics metrics, AuditLog audit,
                                              ScheduledExecutorService edgeScheduler, ExecutorService edgeIo) {
        return new EdgeWebSocketHandler(props, verifier, policy, view, reader, fanout, sessions, metrics, audit,
                edgeScheduler, edgeIo);
    }

    @Bean
    WebSocketConfigurer edgeEndpoint(EdgeWebSocketHandler handler, EdgeProperties props, SessionRegistry sessions) {
        // Spring checks the Origin header of every handshake: with no allowed origins configured
        // only same-origin pages (and clients that send no Origin, i.e. not browsers) may connect.
        return registry -> registry.addHandler(handler, "/ws")
                .addInterceptors(new DrainingHandshake(sessions))
                .setAllowedOriginPatterns(props.allowedOrigins().toArray(String[]::new));
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer(EdgeProperties props) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(CONTAINER_TEXT_BUFFER);
        container.setMaxBinaryMessageBufferSize(CONTAINER_BINARY_BUFFER);
        container.setAsyncSendTimeout(props.limits().sendTimeout().toMillis());
        return container;
    }

    /** Readiness: UP once the live view has read the topic up to the end offsets it had at start. */
    @Bean
    HealthIndicator liveViewHealthIndicator(ReconciledTopicReader reader) {
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
