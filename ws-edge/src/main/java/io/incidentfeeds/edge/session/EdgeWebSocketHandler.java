package io.incidentfeeds.edge.session;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.audit.AuditLog;
import io.incidentfeeds.access.AccessPolicy;
import io.incidentfeeds.edge.auth.ConsolePrincipal;
import io.incidentfeeds.edge.auth.TokenRejectedException;
import io.incidentfeeds.edge.auth.TokenVerifier;
import io.incidentfeeds.edge.fanout.ChannelSubscription;
import io.incidentfeeds.edge.fanout.Fanout;
import io.incidentfeeds.edge.fanout.IncidentFilter;
import io.incidentfeeds.edge.fanout.Messages;
import io.incidentfeeds.edge.fanout.Outbox;
import io.incidentfeeds.edge.fanout.Outgoing;
import io.incidentfeeds.edge.fanout.SubscriptionStart;
import io.incidentfeeds.edge.metrics.EdgeMetrics;
import io.incidentfeeds.edge.ratelimit.MessageRateLimiter;
import io.incidentfeeds.edge.view.LiveView;
import io.incidentfeeds.edge.view.ReconciledTopicReader;
import io.incidentfeeds.schemas.json.WireEnum;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.protocol.ClientMessage;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import io.incidentfeeds.schemas.protocol.ProtocolCodec;
import io.incidentfeeds.schemas.protocol.ServerMessage;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The /ws endpoint: the contract's JSON protocol over plain WebSocket text frames (no STOMP).
 * Checks every client frame against the limits, decodes it with the contract's codec, and answers
 * per the protocol; live updates reach the session through its outbox from the fan-out.
 */
public final class EdgeWebSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeWebSocketHandler.class);
    private static final String SESSION = ConsoleSession.class.getName();
    /** How long a last message (the error before a close) may take before the socket is closed anyway. */
    private static final Duration LAST_MESSAGE_GRACE = Duration.ofSeconds(5);

    private final EdgeProperties props;
    private final TokenVerifier verifier;
    private final AccessPolicy policy;
    private final LiveView view;
    private final ReconciledTopicReader reader;
    private final Fanout fanout;
    private final SubscriptionStart starter;
    private final SessionRegistry sessions;
    private final EdgeMetrics metrics;
    private final AuditLog audit;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;

    public EdgeWebSocketHandler(EdgeProperties props, TokenVerifier verifier, AccessPolicy policy, LiveView view,
                                ReconciledTopicReader reader, Fanout fanout, SessionRegistry sessions,
                                EdgeMetrics metrics, AuditLog audit, ScheduledExecutorService scheduler,
                                ExecutorService io) {
        this.props = props;
        this.verifier = verifier;
        this.policy = policy;
        this.view = view;
        this.reader = reader;
        this.fanout = fanout;
        this.starter = new SubscriptionStart(view, fanout);
        this.sessions = sessions;
        this.metrics = metrics;
        this.audit = audit;
        this.scheduler = scheduler;
        this.io = io;
        Duration interval = props.heartbeat().interval();
        scheduler.scheduleAtFixedRate(new Heartbeat(sessions, props.heartbeat().timeout()),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession ws) {
        EdgeProperties.Limits limits = props.limits();
        ConsoleSession session = new ConsoleSession(ws,
                self -> new Outbox(limits.outboundBuffer(), new WebSocketTransport(ws, limits.sendTimeout()),
                        new OutboxEvents(self), io),
                new MessageRateLimiter(limits.messagesPerMinute(), limits.burstLimit(), limits.burstWindow(),
                        limits.abuseThreshold(), System.nanoTime()),
                new FrameAssembler(limits.maxFrameBytes()),
                this::closeSocket);
        ws.getAttributes().put(SESSION, session);
        sessions.add(session);
        audit.connect(session.id(), String.valueOf(ws.getRemoteAddress()), ws.getHandshakeHeaders().getOrigin());
        if (sessions.draining()) {
            // Its handshake passed just before the drain began, and the drain's sweep may have missed it.
            session.close(CloseReason.SHUTDOWN);
            return;
        }
        session.send(Messages.of(new ServerMessage.Connection(Instant.now(), new ServerMessage.ConnectionData(
                props.heartbeat().interval().toMillis(), ProtocolCodec.PROTOCOL_VERSION,
                new ServerMessage.RateLimit(limits.messagesPerMinute(), limits.burstLimit(),
                        (int) limits.burstWindow().toSeconds(), limits.maxSubscriptions())))));
        Duration timeout = props.auth().timeout();
        session.authDeadline(scheduler.schedule(() -> {
            if (!session.authenticated()) {
                closeWithError(session, ErrorCode.AUTH_REQUIRED, "no auth within " + timeout.toSeconds() + " s",
                        CloseReason.AUTH_REQUIRED);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    protected void handleTextMessage(WebSocketSession ws, TextMessage message) {
        ConsoleSession session = (ConsoleSession) ws.getAttributes().get(SESSION);
        if (session == null || !session.active()) {
            return;
        }
        FrameAssembler.Frame frame = session.frames().add(message.getPayload(), message.isLast());
        if (frame == null) {
            return;
        }
        long now = System.nanoTime();
        if (frame.oversized()) {
            refused(session, session.limiter().refuse(now),
                    "a frame of " + frame.bytes() + " bytes is over the limit of " + props.limits().maxFrameBytes());
            return;
        }
        MessageRateLimiter.Verdict verdict = session.limiter().onMessage(now);
        if (verdict != MessageRateLimiter.Verdict.ACCEPT) {
            refused(session, verdict, "over " + props.limits().messagesPerMinute() + " messages a minute or "
                    + props.limits().burstLimit() + " in " + props.limits().burstWindow().toSeconds() + " s");
            return;
        }
        ProtocolCodec.Decoded decoded = ProtocolCodec.decode(frame.text());
        if (decoded instanceof ProtocolCodec.Decoded.Invalid invalid) {
            metrics.messageIn("invalid");
            session.send(Messages.error(ErrorCode.INVALID_MESSAGE, invalid.reason()));
            return;
        }
        ClientMessage msg = ((ProtocolCodec.Decoded.Ok) decoded).message();
        if (msg instanceof ClientMessage.Auth auth) {
            metrics.messageIn("auth");
            authenticate(session, auth.token());
        } else if (!session.authenticated()) {
            metrics.messageIn("unauthenticated");
            closeWithError(session, ErrorCode.AUTH_REQUIRED, "authenticate first", CloseReason.AUTH_REQUIRED);
        } else if (msg instanceof ClientMessage.Subscribe subscribe) {
            metrics.messageIn("subscribe");
            subscribe(session, subscribe);
        } else if (msg instanceof ClientMessage.Unsubscribe unsubscribe) {
            metrics.messageIn("unsubscribe");
            unsubscribe(session, unsubscribe.channel());
        } else {
            metrics.messageIn("ping");
            session.send(Messages.of(new ServerMessage.Pong(Instant.now())));
        }
    }

    /** Binary frames are not part of the protocol: answered once complete, never kept. */
    @Override
    protected void handleBinaryMessage(WebSocketSession ws, BinaryMessage message) {
        ConsoleSession session = (ConsoleSession) ws.getAttributes().get(SESSION);
        if (session != null && session.active() && message.isLast()) {
            metrics.messageIn("invalid");
            session.send(Messages.error(ErrorCode.INVALID_MESSAGE, "the protocol uses text frames only"));
        }
    }

    /** Frames come in parts of the container's (small) buffer; {@link FrameAssembler} joins them. */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handlePongMessage(WebSocketSession ws, PongMessage message) {
        ConsoleSession session = (ConsoleSession) ws.getAttributes().get(SESSION);
        if (session != null) {
            session.pong();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession ws, Throwable exception) {
        log.debug("transport error on {}: {}", ws.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession ws, CloseStatus status) {
        ConsoleSession session = (ConsoleSession) ws.getAttributes().get(SESSION);
        if (session == null) {
            return;
        }
        session.closedByClient();
        session.cancelTimers();
        session.outbox().close();
        List<ChannelSubscription> subscriptions = session.channelSubscriptions();
        if (!subscriptions.isEmpty()) {
            view.read(r -> {
                subscriptions.forEach(fanout::unindex);
                return null;
            });
        }
        sessions.remove(session);
        CloseReason reason = session.closeReason();
        metrics.closed(reason.tag());
        audit.close(session.id(), session.agencyId(), status.getCode(), reason.tag(), session.millisOpen());
    }

    private void authenticate(ConsoleSession session, String token) {
        ConsolePrincipal principal;
        try {
            principal = verifier.verify(token);
        } catch (TokenRejectedException e) {
            authFailed(session, e.getMessage(), null);
            return;
        }
        if (session.authenticated() && !principal.agencyId().equals(session.agencyId())) {
            authFailed(session, "a session cannot change agency", principal);
            return;
        }
        session.authenticate(principal, policy.scopeOf(principal.viewer()));
        session.cancelAuthDeadline();
        long untilExpiry = Math.max(0, Duration.between(Instant.now(), principal.expiresAt()).toMillis());
        session.expiry(scheduler.schedule(() -> closeWithError(session, ErrorCode.AUTH_EXPIRED,
                "the token expired at " + principal.expiresAt(), CloseReason.AUTH_EXPIRED), untilExpiry, TimeUnit.MILLISECONDS));
        audit.auth(session.id(), principal.agencyId(), principal.roles(), "success", null);
        session.send(Messages.of(new ServerMessage.AuthSuccess(Instant.now(),
                new ServerMessage.AuthData(principal.agencyId(), principal.roles(), principal.expiresAt()))));
    }

    private void authFailed(ConsoleSession session, String reason, ConsolePrincipal claimed) {
        audit.auth(session.id(), claimed == null ? null : claimed.agencyId(), null, "failed", reason);
        session.send(Messages.of(new ServerMessage.AuthFailed(Instant.now(),
                new ServerMessage.ErrorBody(ErrorCode.AUTH_FAILED, reason, Map.of()))));
    }

    private void subscribe(ConsoleSession session, ClientMessage.Subscribe request) {
        Optional<Channel> channel = WireEnum.fromWire(Channel.class, request.channel());
        String agency = session.agencyId();
        if (channel.isEmpty()) {
            rejectSubscription(session, request, ErrorCode.CHANNEL_NOT_FOUND, "no channel '" + request.channel() + "'",
                    Map.of("channel", request.channel()));
            return;
        }
        var scope = session.scope();
        if (channel.get() == Channel.CONFLICTS && !scope.seesConflicts()) {
            rejectSubscription(session, request, ErrorCode.FORBIDDEN, "the conflicts channel needs role "
                    + String.join(" or ", props.access().conflictRoles()), Map.of("channel", request.channel()));
            return;
        }
        List<String> wanted = request.filters().agencies();
        if (!scope.mayFilterBy(wanted)) {
            List<String> refused = wanted.stream().filter(a -> !scope.agencies().contains(a)).toList();
            rejectSubscription(session, request, ErrorCode.FORBIDDEN, "agency " + agency + " is not entitled to "
                    + String.join(", ", refused), Map.of("agencies", refused));
            return;
        }
        IncidentFilter filter = new IncidentFilter(request.filters());
        ChannelSubscription existing = session.channels().get(channel.get());
        boolean replaces = existing != null && existing.filters().stream().anyMatch(filter::sameAs);
        int max = props.limits().maxSubscriptions();
        if (!replaces && session.subscriptionCount() >= max) {
            rejectSubscription(session, request, ErrorCode.MAX_SUBSCRIPTIONS, "at most " + max + " subscriptions",
                    Map.of("max_subscriptions", max));
            return;
        }
        if (!reader.caughtUp()) {
            rejectSubscription(session, request, ErrorCode.SUBSCRIPTION_FAILED,
                    "the live view is still loading: " + reader.status(), Map.of("retry_after_ms", 1000));
            return;
        }
        ChannelSubscription cs = session.channels().computeIfAbsent(channel.get(), c -> new ChannelSubscription(session, c));
        SubscriptionStart.Outcome outcome = starter.start(cs, filter, request.resumeFrom());
        audit.subscribe(session.id(), agency, request.channel(), request.filters(), outcome.name().toLowerCase(java.util.Locale.ROOT));
        session.outbox().flush();
    }

    private void rejectSubscription(ConsoleSession session, ClientMessage.Subscribe request, ErrorCode code,
                                    String message, Map<String, Object> details) {
        audit.subscribe(session.id(), session.agencyId(), request.channel(), request.filters(), code.name());
        session.send(Messages.error(code, message, details));
    }

    private void unsubscribe(ConsoleSession session, String channelName) {
        Optional<Channel> channel = WireEnum.fromWire(Channel.class, channelName);
        if (channel.isEmpty()) {
            session.send(Messages.error(ErrorCode.CHANNEL_NOT_FOUND, "no channel '" + channelName + "'",
                    Map.of("channel", channelName)));
            return;
        }
        ChannelSubscription cs = session.channels().remove(channel.get());
        if (cs != null) {
            view.read(r -> {
                fanout.unindex(cs);
                return null;
            });
        }
        audit.unsubscribe(session.id(), session.agencyId(), channelName);
        session.send(Messages.of(new ServerMessage.Unsubscribed(Instant.now(), channel.get())));
    }

    private void refused(ConsoleSession session, MessageRateLimiter.Verdict verdict, String reason) {
        metrics.messageIn("rate_limited");
        if (verdict == MessageRateLimiter.Verdict.ABUSE) {
            closeWithError(session, ErrorCode.RATE_LIMIT_EXCEEDED, "repeatedly " + reason + "; closing", CloseReason.RATE_LIMIT);
        } else {
            session.send(Messages.error(ErrorCode.RATE_LIMIT_EXCEEDED, reason));
        }
    }

    private void closeWithError(ConsoleSession session, ErrorCode code, String message, CloseReason reason) {
        session.sendThenClose(Messages.error(code, message), reason);
        scheduler.schedule(session::forceClose, LAST_MESSAGE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closeSocket(ConsoleSession session, CloseReason reason) {
        io.execute(() -> {
            try {
                session.webSocket().close(reason.status(reason.tag()));
            } catch (IOException | RuntimeException e) {
                log.debug("closing {}: {}", session.id(), e.toString());
            }
        });
    }

    /** Outbox events of one session, into the metrics; a failed send ends the session. */
    private final class OutboxEvents implements Outbox.Events {
        private final ConsoleSession session;

        OutboxEvents(ConsoleSession session) {
            this.session = session;
        }

        @Override
        public void sent(Outgoing message) {
            metrics.messageOut(message.type(), message.appendTime());
        }

        @Override
        public void conflated() {
            metrics.conflated();
        }

        @Override
        public void dropped(int updates) {
            metrics.dropped(updates);
        }

        @Override
        public void failed(Throwable error) {
            if (!session.webSocket().isOpen()) {
                return; // the console went away first: afterConnectionClosed counts it
            }
            boolean timeout = error instanceof SocketTimeoutException
                    || (error != null && error.getCause() instanceof SocketTimeoutException);
            log.debug("send to {} failed: {}", session.id(), String.valueOf(error));
            session.close(timeout ? CloseReason.SLOW_CONSUMER : CloseReason.SEND_FAILED);
        }
    }
}
