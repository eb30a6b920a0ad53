package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.protocol.ClientMessage;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import io.incidentfeeds.schemas.protocol.ReplaySpeed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's replays: who may start one, the checks a request passes (window, speed, retention),
 * the edge-wide limit, and the start itself (the picture at {@code from}, then play). Each replay
 * reads the history with a consumer of its own, never the live view's, and is paced on the replay
 * timers ({@code edge-replay} threads), never on the event loops or the live view's reader.
 */
public final class Replays {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);
    /** How far into the future {@code to} may reach (a console's clock a little ahead); it is played up to now. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);
    private static final ReplaySpeed DEFAULT_SPEED = new ReplaySpeed(1);

    private final EdgeProperties.Replay settings;
    private final History history;
    private final ScheduledExecutorService timers;
    private final Clock wallClock;
    private final LongSupplier clock;
    private final AtomicInteger running = new AtomicInteger();

    public Replays(EdgeProperties.Replay settings, History history, ScheduledExecutorService timers, Clock wallClock,
                   LongSupplier clock) {
        this.settings = settings;
        this.history = history;
        this.timers = timers;
        this.wallClock = wallClock;
        this.clock = clock;
    }

    /** Why a request or a control is refused: the error the console gets (the session goes on). */
    public record Refusal(ErrorCode code, String message, Map<String, Object> details) {
    }

    /** The outcome of a subscribe to the replay channel: a running replay, or a refusal. */
    public record Outcome(ReplayRun run, Refusal refusal) {
        static Outcome refused(ErrorCode code, String message, Map<String, Object> details) {
            return new Outcome(null, new Refusal(code, message, details));
        }
    }

    /** Stops the replay timers (the edge is stopping; its sessions, and their replays, are closed). */
    public void close() {
        timers.shutdownNow();
    }

    /** Whether one of these roles may replay. */
    public boolean mayReplay(List<String> roles) {
        return roles.stream().anyMatch(settings.roles()::contains);
    }

    public List<String> roles() {
        return settings.roles();
    }

    /** Replays running on this edge. */
    public int running() {
        return running.get();
    }

    /**
     * Checks a subscribe to the replay channel and starts it: {@code subscribed}, a status and the
     * picture at {@code from} go to the sink, then the versions.
     *
     * @param selects  whether the console may see and has selected a version
     * @param onClosed called once when the replay ends, however it ends
     */
    public Outcome start(ClientMessage.Subscribe request, Predicate<LiveIncident> selects, SocketSink sink,
                         Runnable onClosed) {
        ReplaySpeed speed = request.speed() == null ? DEFAULT_SPEED : request.speed();
        Optional<Refusal> invalid = speedRefusal(speed).or(() -> windowRefusal(request.from(), request.to()));
        if (invalid.isPresent()) {
            return new Outcome(null, invalid.get());
        }
        Instant from = request.from();
        Instant to = request.to().isAfter(wallClock.instant()) ? wallClock.instant() : request.to();
        if (to.isBefore(from)) {
            to = from;
        }
        int max = settings.maxPerEdge();
        if (running.incrementAndGet() > max) {
            running.decrementAndGet();
            return Outcome.refused(ErrorCode.REPLAY_LIMIT, "this edge already plays " + max
                    + " replays; try again later or on another edge", Map.of("scope", "edge", "max", max));
        }
        boolean started = false;
        try {
            Optional<Instant> oldest = history.oldestAvailable();
            if (oldest.isPresent() && from.isBefore(oldest.get())) {
                return Outcome.refused(ErrorCode.REPLAY_UNAVAILABLE, "from " + from + " is older than what "
                        + settings.historyTopic() + " holds: the oldest available instant is " + oldest.get(),
                        Map.of("oldest_available", oldest.get().toString()));
            }
            Map<String, LiveIncident> picture = history.pictureAt(from);
            History.Versions versions = history.versionsAfter(from, to);
            ReplayPlayer player = new ReplayPlayer(from, to, speed, selects, sink, settings.readAhead());
            ReplayRun run = new ReplayRun(player, history, timers, clock, settings.idleTimeout(), () -> {
                sink.close();
                running.decrementAndGet();
                onClosed.run();
            });
            sink.send("subscribed", ReplayFrames.subscribed(request.filters()));
            run.begin(from, picture, versions);
            sink.onWritten(run::wake);
            started = true;
            return new Outcome(run, null);
        } catch (History.UnavailableException e) {
            log.warn("replay: {}", e.getMessage());
            return Outcome.refused(ErrorCode.SUBSCRIPTION_FAILED, "the history cannot be read: " + e.getMessage(), Map.of());
        } finally {
            if (!started) {
                running.decrementAndGet();
            }
        }
    }

    /** A speed control's refusal, if any. */
    public Optional<Refusal> speedRefusal(ReplaySpeed speed) {
        if (speed.inRange()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(ErrorCode.REPLAY_INVALID, "speed " + speed.wire() + " is out of range: "
                + ReplaySpeed.SLOWEST + " to " + ReplaySpeed.FASTEST + ", or \"max\"", Map.of("field", "speed")));
    }

    /** A seek's refusal, if any: the instant must lie in the replay's window. */
    public Optional<Refusal> seekRefusal(ReplayRun run, Instant at) {
        if (at.isBefore(run.from()) || at.isAfter(run.to())) {
            return Optional.of(new Refusal(ErrorCode.REPLAY_INVALID, "seek to " + at + " is outside the replay's window "
                    + run.from() + " to " + run.to(), Map.of("field", "at")));
        }
        return Optional.empty();
    }

    private Optional<Refusal> windowRefusal(Instant from, Instant to) {
        Instant now = wallClock.instant();
        if (to.isBefore(from)) {
            return refusal("to " + to + " is before from " + from, "to");
        }
        if (from.isAfter(now)) {
            return refusal("from " + from + " is in the future", "from");
        }
        if (to.isAfter(now.plus(FUTURE_TOLERANCE))) {
            return refusal("to " + to + " is in the future", "to");
        }
        Duration max = settings.maxWindow();
        if (Duration.between(from, to).compareTo(max) > 0) {
            return refusal("the window from " + from + " to " + to + " is longer than the " + max + " this edge replays", "to");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refusal(String message, String field) {
        return Optional.of(new Refusal(ErrorCode.REPLAY_INVALID, message, Map.of("field", field)));
    }
}
