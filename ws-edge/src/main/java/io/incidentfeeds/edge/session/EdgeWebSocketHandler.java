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
import io.incidentfeeds.edge.replay.ReplayRun;
import io.incidentfeeds.edge.replay.Replays;
import io.incidentfeeds.edge.replay.SocketSink;
import io.incidentfeeds.edge.view.LiveView;
import io.incidentfeeds.edge.view.ReconciledFollower;
import io.incidentfeeds.schemas.json.WireEnum;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.protocol.ClientMessage;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import io.incidentfeeds.schemas.protocol.ProtocolCodec;
import io.incidentfeeds.schemas.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import reactor.netty.Connection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The /ws endpoint: the contract's JSON protocol over plain WebSocket text frames (no STOMP), on
 * Spring WebFlux over Reactor Netty. Checks every client frame against the limits, decodes it with
 * the contract's codec, and answers per the protocol; live updates reach the session through its
 * outbox from the fan-out.
 *
 * <p>The session's Netty channel comes with WebFlux's Reactor Netty session ({@link ChannelUpgrade})
 * rather than from a Reactor Netty route of its own ({@code NettyRouteProvider}): the endpoint keeps
 * WebFlux's handshake (the same-origin
 * and allowed-origin check as CORS on the handler mapping, the drain filter, TLS and the port of the
 * HTTP API), and only the outbound path bypasses WebFlux's {@code send(Publisher)}: the outbox
 * writes frames to the channel itself, on its event loop. Inbound frames are read through WebFlux
 * ({@code receive()}) and handled one at a time per session off the event loop (verifying a token
 * may fetch an identity provider's keys; a snapshot reads the whole view).
 */
public final class EdgeWebSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeWebSocketHandler.class);
    /** How long a last message (the error before a close) may take before the socket is closed anyway. */
    private static final Duration LAST_MESSAGE_GRACE = Duration.ofSeconds(5);
    /** Messages read ahead of the one being handled; beyond them the connection is not read. */
    private static final int INBOUND_PREFETCH = 4;

    private final EdgeProperties props;
    private final TokenVerifier verifier;
    private final AccessPolicy policy;
    private final LiveView view;
    private final ReconciledFollower reader;
    private final Fanout fanout;
    private final SubscriptionStart starter;
    private final SessionRegistry sessions;
    private final EdgeMetrics metrics;
    private final AuditLog audit;
    private final ScheduledExecutorService scheduler;
    private final Scheduler inbound;
    private final Replays replays;

    public EdgeWebSocketHandler(EdgeProperties props, TokenVerifier verifier, AccessPolicy policy, LiveView view,
                                ReconciledFollower reader, Fanout fanout, SessionRegistry sessions,
                                EdgeMetrics metrics, AuditLog audit, ScheduledExecutorService scheduler,
                                Scheduler inbound, Replays replays) {
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
        this.inbound = inbound;
        this.replays = replays;
        Duration interval = props.heartbeat().interval();
        scheduler.scheduleAtFixedRate(new Heartbeat(sessions, props.heartbeat().timeout()),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        Connection connection = ChannelUpgrade.connection(ws);
        ConsoleSession session = open(ws, connection);
        int[] clientCode = {CloseStatus.NO_CLOSE_FRAME.getCode()};
        ws.closeStatus().subscribe(status -> clientCode[0] = status.getCode());
        connection.channel().closeFuture().addListener(f -> {
            session.outbox().close(); // on the event loop, where the outbox lives
            inbound.schedule(() -> closed(session, clientCode[0]));
        });
        return ws.receive()
                .map(this::read)
                .publishOn(inbound, INBOUND_PREFETCH)
                .doOnNext(frame -> handleFrame(session, frame))
                .onErrorResume(e -> {
                    log.debug("reading {}: {}", session.id(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** A frame as read on the event loop: its text (null for binary and over the limit) and size. */
    private record Inbound(WebSocketMessage.Type type, String text, long bytes) {
    }

    private Inbound read(WebSocketMessage message) {
        if (message.getType() != WebSocketMessage.Type.TEXT) {
            return new Inbound(message.getType(), null, message.getPayload().readableByteCount());
        }
        int bytes = message.getPayload().readableByteCount();
        String text = bytes > props.limits().maxFrameBytes() ? null : message.getPayload().toString(StandardCharsets.UTF_8);
        return new Inbound(WebSocketMessage.Type.TEXT, text, bytes);
    }

    private ConsoleSession open(WebSocketSession ws, Connection connection) {
        io.netty.channel.Channel channel = connection.channel();
        EdgeProperties.Limits limits = props.limits();
        ConsoleSession session = new ConsoleSession(ws.getId(),
                self -> new Outbox(limits.outboundBuffer(), channel, limits.sendTimeout().toMillis(), new OutboxEvents(self)),
                new MessageRateLimiter(limits.messagesPerMinute(), limits.burstLimit(), limits.burstWindow(),
                        limits.abuseThreshold(), System.nanoTime()),
                new FrameAssembler(limits.maxFrameBytes()),
                (s, reason) -> closeSocket(s, reason, ws, channel));
        connection.addHandlerLast("edge-writability", new Writability(session.outbox()));
        session.channel(channel);
        sessions.add(session);
        audit.connect(session.id(), String.valueOf(ws.getHandshakeInfo().getRemoteAddress()),
                ws.getHandshakeInfo().getHeaders().getOrigin());
        if (sessions.draining()) {
            // Its handshake passed just before the drain began, and the drain's sweep may have missed it.
            session.close(CloseReason.SHUTDOWN);
            return session;
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
        return session;
    }

    private void handleFrame(ConsoleSession session, Inbound in) {
        if (in.type() == WebSocketMessage.Type.PONG) {
            session.pong();
            return;
        }
        if (!session.active() || in.type() == WebSocketMessage.Type.PING) {
            return;
        }
        if (in.type() == WebSocketMessage.Type.BINARY) {
            // Binary frames are not part of the protocol: answered, never kept.
            metrics.messageIn("invalid");
            session.send(Messages.error(ErrorCode.INVALID_MESSAGE, "the protocol uses text frames only"));
            return;
        }
        FrameAssembler.Frame frame = in.text() == null ? new FrameAssembler.Frame(null, in.bytes())
                : session.frames().add(in.text(), true);
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
        } else if (!(msg instanceof ClientMessage.Ping)) {
            metrics.messageIn("replay_control");
            replayControl(session, msg);
        } else {
            metrics.messageIn("ping");
            session.send(Messages.of(new ServerMessage.Pong(Instant.now())));
        }
    }

    /** The connection is gone (whoever closed it): the session leaves the fan-out and the registry. */
    private void closed(ConsoleSession session, int clientCode) {
        session.closedByClient();
        session.cancelTimers();
        List<ChannelSubscription> subscriptions = session.channelSubscriptions();
        if (!subscriptions.isEmpty()) {
            view.read(r -> {
                subscriptions.forEach(fanout::unindex);
                return null;
            });
        }
        ReplayRun replay = session.replay();
        if (replay != null) {
            replay.close(null);
        }
        sessions.remove(session);
        CloseReason reason = session.closeReason();
        metrics.closed(reason.tag());
        audit.close(session.id(), session.agencyId(), reason == CloseReason.CLIENT ? clientCode : reason.code(),
                reason.tag(), session.millisOpen());
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
        if (channel.get() == Channel.REPLAY && !replays.mayReplay(session.principal().roles())) {
            rejectSubscription(session, request, ErrorCode.FORBIDDEN, "the replay channel needs role "
                    + String.join(" or ", replays.roles()), Map.of("channel", request.channel()));
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
        if (channel.get() == Channel.REPLAY) {
            replay(session, request, filter);
            return;
        }
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
    }

    /** Starts the session's replay: what its agency may see under the access policy, through its filters. */
    private void replay(ConsoleSession session, ClientMessage.Subscribe request, IncidentFilter filter) {
        if (session.replay() != null) {
            rejectSubscription(session, request, ErrorCode.REPLAY_LIMIT, "this session already has a replay: "
                    + "unsubscribe from it first, or seek", Map.of("scope", "session", "max", 1));
            return;
        }
        var scope = session.scope();
        List<IncidentFilter> filters = List.of(filter);
        SocketSink sink = new SocketSink(session.channel(), props.replay().inFlight(), metrics);
        Replays.Outcome outcome = replays.start(request, v -> ChannelSubscription.selects(scope, Channel.REPLAY, filters, v), sink,
                () -> session.replayEnded());
        if (outcome.refusal() != null) {
            Replays.Refusal r = outcome.refusal();
            rejectSubscription(session, request, r.code(), r.message(), r.details());
            return;
        }
        session.replay(outcome.run());
        if (!session.active()) {
            outcome.run().close(null); // the console went away while the picture was read
        }
        if (outcome.run().closed()) {
            session.replayEnded();
        }
        audit.subscribe(session.id(), session.agencyId(), request.channel(), request.filters(), "replay");
    }

    /** pause, resume, seek and speed: the session's replay, or REPLAY_NOT_ACTIVE. */
    private void replayControl(ConsoleSession session, ClientMessage control) {
        ReplayRun run = session.replay();
        if (run == null) {
            session.send(Messages.error(ErrorCode.REPLAY_NOT_ACTIVE,
                    "no replay in this session: subscribe to the replay channel first"));
            return;
        }
        Optional<Replays.Refusal> refused = Optional.empty();
        if (control instanceof ClientMessage.Seek seek) {
            refused = replays.seekRefusal(run, seek.at());
        } else if (control instanceof ClientMessage.Speed speed) {
            refused = replays.speedRefusal(speed.speed());
        }
        if (refused.isPresent()) {
            session.send(Messages.error(refused.get().code(), refused.get().message(), refused.get().details()));
        } else if (control instanceof ClientMessage.Pause) {
            run.pause();
        } else if (control instanceof ClientMessage.Resume) {
            run.resume();
        } else if (control instanceof ClientMessage.Seek seek) {
            run.seek(seek.at());
        } else if (control instanceof ClientMessage.Speed speed) {
            run.speed(speed.speed());
        }
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
        ReplayRun replay = channel.get() == Channel.REPLAY ? session.replay() : null;
        if (replay != null) {
            replay.close("unsubscribed");
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

    /**
     * On the session's event loop: discards what is queued, sends the close frame with the reason's
     * code, and closes the connection outright if the console has not taken it within the grace.
     */
    private void closeSocket(ConsoleSession session, CloseReason reason, WebSocketSession ws,
                             io.netty.channel.Channel channel) {
        try {
            channel.eventLoop().execute(() -> {
                session.outbox().close();
                ws.close(reason.status(reason.tag())).subscribe(null, e -> log.debug("closing {}: {}", session.id(), e.toString()));
                channel.eventLoop().schedule(() -> channel.close(), LAST_MESSAGE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            });
        } catch (RejectedExecutionException stopping) {
            channel.close(); // the server's event loops are shutting down
        }
    }

    /** Outbox events of one session, into the metrics; a session that cannot keep up is closed. */
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
        public void slow() {
            session.close(CloseReason.SLOW_CONSUMER);
        }
    }

    /** Tells the outbox when the channel's write buffer drains below its low water mark. */
    private static final class Writability extends ChannelInboundHandlerAdapter {
        private final Outbox outbox;

        Writability(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            outbox.writable();
            super.channelWritabilityChanged(ctx);
        }
    }
}
