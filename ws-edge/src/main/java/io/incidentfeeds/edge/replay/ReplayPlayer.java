package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.fanout.Fanout;
import io.incidentfeeds.edge.view.Change;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.protocol.ReplaySpeed;
import io.incidentfeeds.schemas.protocol.ServerMessage.ReplayState;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One replay's play-back, on a clock passed in (nanoseconds, any origin): the picture at an instant,
 * then every later version up to the window's end in append order, each due when the replay's clock
 * reaches its append time. The clock runs at {@code speed} recorded seconds per second from an
 * anchor (a wall-clock reading and the replayed instant it stands for), set when the replay starts,
 * resumes, seeks or changes speed; at {@code max} every version is due at once and only the sink
 * paces. A version the sink was not ready for waits (nothing is dropped or merged), and when it
 * goes out late the clock is anchored to it: the replay slows down rather than bursting to catch up.
 *
 * <p>What the console gets is decided per version as the live fan-out decides it for a change
 * ({@link Fanout#diffFor}), against the console's selection (its access scope and filters): create
 * when an incident comes into it, update while it stays, delete when it leaves, carrying the last
 * state the console was entitled to. Not thread-safe: its owner calls it under one lock.
 */
public final class ReplayPlayer {

    /** {@link #pump}: nothing to do until the sink is ready again. */
    public static final long BLOCKED = -1;
    /** {@link #pump}: paused, ended or closed: nothing until a control. */
    public static final long STOPPED = -2;
    /** {@link #pump}: the history has no version ready yet; pump again soon ({@link #HISTORY_RETRY_NANOS}). */
    public static final long WAITING = -3;
    /** How soon to look again when the history has no version ready. */
    public static final long HISTORY_RETRY_NANOS = Duration.ofMillis(10).toNanos();
    /** A version sent later than this after it was due moves the replay's clock to it. */
    static final long LATE_NANOS = Duration.ofMillis(50).toNanos();

    private final Instant from;
    private final Instant to;
    private final Predicate<LiveIncident> selects;
    private final ReplaySink sink;
    private final int readAhead;
    private final ArrayDeque<LiveIncident> queue = new ArrayDeque<>();
    private ReplaySpeed speed;
    private ReplayState state = ReplayState.PLAYING;
    private Map<String, LiveIncident> current = new HashMap<>();
    private History.Versions versions;
    private long anchorNanos;
    private long anchorInstant;
    /** Epoch nanoseconds of the last instant the console was brought to. */
    private long shown;
    /** Epoch nanoseconds where a pause stopped the clock. */
    private long pausedAt;

    /**
     * @param selects   whether the console may see and has selected a version (access scope and filters)
     * @param readAhead versions read ahead of the clock
     */
    public ReplayPlayer(Instant from, Instant to, ReplaySpeed speed, Predicate<LiveIncident> selects, ReplaySink sink,
                        int readAhead) {
        this.from = from;
        this.to = to;
        this.speed = speed;
        this.selects = selects;
        this.sink = sink;
        this.readAhead = Math.max(2, readAhead);
    }

    /**
     * Shows the picture as known at {@code at} and plays on from there with {@code next}, the
     * versions after it (on subscribe and on seek). A paused replay stays paused; an ended one plays.
     */
    public void start(Instant at, Map<String, LiveIncident> picture, History.Versions next, long now) {
        if (versions != null) {
            versions.close();
        }
        versions = next;
        queue.clear();
        current = new HashMap<>(picture);
        if (state == ReplayState.ENDED) {
            state = ReplayState.PLAYING;
        }
        shown = nanos(at);
        pausedAt = shown;
        anchor(now, shown);
        List<LiveIncident> selected = new ArrayList<>();
        for (LiveIncident incident : current.values()) {
            if (selects.test(incident)) {
                selected.add(incident);
            }
        }
        sink.send("snapshot", ReplayFrames.snapshot(at, selected));
    }

    /**
     * Sends every version due by {@code now} that the sink takes. Returns the nanoseconds until
     * the next one is due, {@link #BLOCKED} (the sink calls back), {@link #WAITING} or {@link #STOPPED}.
     */
    public long pump(long now) {
        if (state != ReplayState.PLAYING || versions == null) {
            return STOPPED;
        }
        refill(readAhead / 2);
        while (!queue.isEmpty()) {
            LiveIncident next = queue.peekFirst();
            long due = dueAt(next.appendTime() * 1_000_000L);
            if (due > now) {
                return due - now;
            }
            if (!sink.ready()) {
                return BLOCKED;
            }
            queue.pollFirst();
            if (now - due > LATE_NANOS) {
                anchor(now, next.appendTime() * 1_000_000L);
            }
            play(next);
            refill(readAhead / 4);
        }
        if (!versions.exhausted()) {
            return WAITING;
        }
        long end = dueAt(nanos(to));
        if (end > now) {
            return end - now;
        }
        state = ReplayState.ENDED;
        shown = nanos(to);
        status(null, now);
        return STOPPED;
    }

    public void pause(long now) {
        if (state == ReplayState.PLAYING) {
            pausedAt = instantNanos(now);
            state = ReplayState.PAUSED;
        }
        status(null, now);
    }

    public void resume(long now) {
        if (state == ReplayState.PAUSED) {
            anchor(now, pausedAt);
            state = ReplayState.PLAYING;
        }
        status(null, now);
    }

    public void speed(ReplaySpeed newSpeed, long now) {
        long at = instantNanos(now);
        speed = newSpeed;
        if (state == ReplayState.PLAYING) {
            anchor(now, at);
        }
        status(null, now);
    }

    /** Ends the replay: its history consumer is closed; {@code reason} (null: none) goes to the console. */
    public void close(String reason, long now) {
        if (state == ReplayState.CLOSED) {
            return;
        }
        long at = instantNanos(now);
        state = ReplayState.CLOSED;
        if (versions != null) {
            versions.close();
        }
        queue.clear();
        if (reason != null) {
            shown = at;
            status(reason, now);
        }
    }

    /** Sends where the replay stands. */
    public void status(String reason, long now) {
        sink.send("replay.status", ReplayFrames.status(state, instant(now), from, to, speed, reason));
    }

    public ReplayState state() {
        return state;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    /** The replayed instant at {@code now}: where the clock is, never past a version not yet sent or the window's end. */
    public Instant instant(long now) {
        long n = instantNanos(now);
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    private long instantNanos(long now) {
        return switch (state) {
            case PAUSED -> pausedAt;
            case ENDED, CLOSED -> shown;
            case PLAYING -> {
                if (speed.isMax()) {
                    yield shown;
                }
                long clock = anchorInstant + (long) ((now - anchorNanos) * speed.factor());
                LiveIncident next = queue.peekFirst();
                if (next != null) {
                    clock = Math.min(clock, next.appendTime() * 1_000_000L);
                }
                yield Math.max(shown, Math.min(clock, nanos(to)));
            }
        };
    }

    private void play(LiveIncident version) {
        LiveIncident before = current.get(version.id());
        if (version.deleted()) {
            current.remove(version.id());
        } else {
            current.put(version.id(), version);
        }
        shown = version.appendTime() * 1_000_000L;
        DiffType diff = Fanout.diffFor(new Change(version.id(), version.partition(), version.offset(), before, version, null),
                selects);
        if (diff != null) {
            String data = diff == DiffType.DELETE ? (before != null ? before : version).json() : version.json();
            sink.send("update", ReplayFrames.update(diff, data, version));
        }
    }

    private void refill(int below) {
        if (queue.size() < below && !versions.exhausted()) {
            queue.addAll(versions.next(readAhead - queue.size(), Duration.ZERO));
        }
    }

    private long dueAt(long instant) {
        if (speed.isMax()) {
            return anchorNanos;
        }
        return anchorNanos + (long) ((instant - anchorInstant) / speed.factor());
    }

    private void anchor(long now, long instant) {
        anchorNanos = now;
        anchorInstant = instant;
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
