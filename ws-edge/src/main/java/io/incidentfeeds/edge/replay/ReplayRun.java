package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.protocol.ReplaySpeed;
import io.incidentfeeds.schemas.protocol.ServerMessage.ReplayState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's replay, running: its {@link ReplayPlayer} under this object's lock, pumped on the
 * edge's replay timers when the next version is due or when the sink takes more, and closed after
 * the idle timeout once paused or ended. Controls come from the session's inbound thread; a seek
 * reads its picture outside the lock, so the replay plays on until the new picture is ready.
 */
public final class ReplayRun {

    private static final Logger log = LoggerFactory.getLogger(ReplayRun.class);
    private static final long BLOCKED_RETRY_NANOS = Duration.ofMillis(50).toNanos();

    private final ReplayPlayer player;
    private final History history;
    private final ScheduledExecutorService timers;
    private final LongSupplier clock;
    private final Duration idleTimeout;
    private final Runnable onClosed;
    private ScheduledFuture<?> next;
    private ScheduledFuture<?> idle;
    private boolean closed;

    ReplayRun(ReplayPlayer player, History history, ScheduledExecutorService timers, LongSupplier clock,
              Duration idleTimeout, Runnable onClosed) {
        this.player = player;
        this.history = history;
        this.timers = timers;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.onClosed = onClosed;
    }

    /** Sends the status and the picture at {@code at}, then plays. */
    synchronized void begin(Instant at, Map<String, LiveIncident> picture, History.Versions versions) {
        player.status(null, clock.getAsLong());
        player.start(at, picture, versions, clock.getAsLong());
        changed();
    }

    /** From the sink: it takes more. */
    synchronized void wake() {
        schedule(0);
    }

    public synchronized void pause() {
        player.pause(clock.getAsLong());
        changed();
    }

    public synchronized void resume() {
        player.resume(clock.getAsLong());
        changed();
    }

    public synchronized void speed(ReplaySpeed speed) {
        player.speed(speed, clock.getAsLong());
        changed();
    }

    /** A fresh picture as known at {@code at}, then play on (read outside the lock). */
    public void seek(Instant at) {
        Map<String, LiveIncident> picture;
        History.Versions versions;
        try {
            picture = history.pictureAt(at);
            versions = history.versionsAfter(at, player.to());
        } catch (History.UnavailableException e) {
            log.warn("replay: seek to {} failed: {}", at, e.getMessage());
            close("failed");
            return;
        }
        synchronized (this) {
            if (closed) {
                versions.close();
                return;
            }
            player.start(at, picture, versions, clock.getAsLong());
            player.status(null, clock.getAsLong());
            changed();
        }
    }

    public Instant from() {
        return player.from();
    }

    public Instant to() {
        return player.to();
    }

    public synchronized boolean closed() {
        return closed;
    }

    public synchronized ReplayState state() {
        return player.state();
    }

    /** Ends it; {@code reason} goes to the console in a last status (null: the console is gone). */
    public void close(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            player.close(reason, clock.getAsLong());
            cancel(next);
            cancel(idle);
        }
        onClosed.run();
    }

    private void pump() {
        boolean failed = false;
        synchronized (this) {
            next = null;
            if (closed) {
                return;
            }
            try {
                long wait = player.pump(clock.getAsLong());
                if (wait >= 0) {
                    schedule(wait);
                } else if (wait == ReplayPlayer.WAITING) {
                    schedule(ReplayPlayer.HISTORY_RETRY_NANOS);
                } else if (wait == ReplayPlayer.BLOCKED) {
                    // The sink wakes it when one of its frames is written; when the live side's frames
                    // fill the connection instead, none of its own is pending: look again a little later.
                    schedule(BLOCKED_RETRY_NANOS);
                }
            } catch (RuntimeException e) {
                log.warn("replay failed", e);
                failed = true;
            }
            armIdle();
        }
        if (failed) {
            close("failed");
        }
    }

    /** After a control: pump at once when playing; the idle timeout runs while paused or ended. */
    private void changed() {
        if (player.state() == ReplayState.PLAYING) {
            schedule(0);
        }
        cancel(idle);
        idle = null;
        armIdle();
    }

    private void armIdle() {
        boolean stopped = player.state() == ReplayState.PAUSED || player.state() == ReplayState.ENDED;
        if (stopped && idle == null) {
            idle = timers.schedule(() -> close("idle"), idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } else if (!stopped && idle != null) {
            cancel(idle);
            idle = null;
        }
    }

    private void schedule(long delayNanos) {
        if (closed) {
            return;
        }
        if (next != null) {
            if (next.getDelay(TimeUnit.NANOSECONDS) <= delayNanos) {
                return;
            }
            next.cancel(false);
        }
        next = timers.schedule(this::pump, delayNanos, TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
