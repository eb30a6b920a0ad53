package io.incidentfeeds.edge.session;

import io.incidentfeeds.access.AccessScope;
import io.incidentfeeds.edge.auth.ConsolePrincipal;
import io.incidentfeeds.edge.fanout.ChannelSubscription;
import io.incidentfeeds.edge.fanout.Outbox;
import io.incidentfeeds.edge.fanout.Outgoing;
import io.incidentfeeds.edge.fanout.Subscriber;
import io.incidentfeeds.edge.ratelimit.MessageRateLimiter;
import io.incidentfeeds.edge.replay.ReplayRun;
import io.incidentfeeds.schemas.protocol.Channel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One console connection: who it is once authenticated, its subscriptions, its rate limiter and its
 * outbox. Inbound messages are handled one at a time (the handler serializes them per connection);
 * the fan-out reaches it only through its outbox, on its channel's event loop.
 */
public final class ConsoleSession implements Subscriber {

    private final String id;
    private final Outbox outbox;
    private final MessageRateLimiter limiter;
    private final FrameAssembler frames;
    private final long openedAtNanos = System.nanoTime();
    private final Map<Channel, ChannelSubscription> channels = new ConcurrentHashMap<>();
    private final AtomicReference<CloseReason> closeReason = new AtomicReference<>();
    private final AtomicBoolean socketClosed = new AtomicBoolean();
    private final BiConsumer<ConsoleSession, CloseReason> closer;
    private volatile ConsolePrincipal principal;
    private volatile AccessScope scope;
    private volatile long lastPongNanos = System.nanoTime();
    private volatile ScheduledFuture<?> authDeadline;
    private volatile ScheduledFuture<?> expiry;
    private volatile io.netty.channel.Channel channel;
    private final AtomicReference<ReplayRun> replay = new AtomicReference<>();

    /**
     * @param closer closes the WebSocket with the reason's status (off the calling thread)
     */
    ConsoleSession(String id, Function<ConsoleSession, Outbox> outbox,
                   MessageRateLimiter limiter, FrameAssembler frames, BiConsumer<ConsoleSession, CloseReason> closer) {
        this.id = id;
        this.limiter = limiter;
        this.frames = frames;
        this.closer = closer;
        this.outbox = outbox.apply(this);
    }

    public String id() {
        return id;
    }

    @Override
    public AccessScope scope() {
        return scope;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public boolean active() {
        return closeReason.get() == null;
    }

    public ConsolePrincipal principal() {
        return principal;
    }

    public String agencyId() {
        ConsolePrincipal p = principal;
        return p == null ? null : p.agencyId();
    }

    boolean authenticated() {
        return principal != null;
    }

    void authenticate(ConsolePrincipal principal, AccessScope scope) {
        this.scope = scope;
        this.principal = principal;
    }

    /** The connection, for the replay's frames (they go beside the outbox, not through it). */
    io.netty.channel.Channel channel() {
        return channel;
    }

    void channel(io.netty.channel.Channel channel) {
        this.channel = channel;
    }

    /** Its replay, or null. */
    ReplayRun replay() {
        return replay.get();
    }

    void replay(ReplayRun run) {
        replay.set(run);
    }

    /** Its replay ended (closed by the console, an idle timeout or a failure): another may start. */
    void replayEnded() {
        replay.set(null);
    }

    FrameAssembler frames() {
        return frames;
    }

    MessageRateLimiter limiter() {
        return limiter;
    }

    Map<Channel, ChannelSubscription> channels() {
        return channels;
    }

    int subscriptionCount() {
        return channels.values().stream().mapToInt(cs -> cs.filters().size()).sum();
    }

    List<ChannelSubscription> channelSubscriptions() {
        return List.copyOf(channels.values());
    }

    void pong() {
        lastPongNanos = System.nanoTime();
    }

    long nanosSincePong() {
        return System.nanoTime() - lastPongNanos;
    }

    long millisOpen() {
        return (System.nanoTime() - openedAtNanos) / 1_000_000;
    }

    void authDeadline(ScheduledFuture<?> deadline) {
        this.authDeadline = deadline;
    }

    void expiry(ScheduledFuture<?> expiry) {
        ScheduledFuture<?> old = this.expiry;
        if (old != null) {
            old.cancel(false);
        }
        this.expiry = expiry;
    }

    void cancelAuthDeadline() {
        ScheduledFuture<?> a = authDeadline;
        if (a != null) {
            a.cancel(false);
        }
    }

    void cancelTimers() {
        ScheduledFuture<?> a = authDeadline;
        ScheduledFuture<?> e = expiry;
        if (a != null) {
            a.cancel(false);
        }
        if (e != null) {
            e.cancel(false);
        }
    }

    /** Queues a message; it goes out on the session's event loop, in order. */
    void send(Outgoing message) {
        outbox.send(message);
    }

    /** Sends a last message (an error saying why), then closes. */
    void sendThenClose(Outgoing message, CloseReason reason) {
        if (closeReason.compareAndSet(null, reason)) {
            outbox.sendLast(message, () -> closeNow(reason));
        }
    }

    /** Closes now, discarding what is queued. */
    public void close(CloseReason reason) {
        if (closeReason.compareAndSet(null, reason)) {
            closeNow(reason);
        }
    }

    /** Closes a session whose last message could not be sent in time. */
    void forceClose() {
        CloseReason reason = closeReason.get();
        if (reason != null) {
            closeNow(reason);
        }
    }

    /** Marks a session the console closed, so nothing more is filed for it; false when the edge closed it. */
    boolean closedByClient() {
        return closeReason.compareAndSet(null, CloseReason.CLIENT);
    }

    private void closeNow(CloseReason reason) {
        if (socketClosed.compareAndSet(false, true)) {
            closer.accept(this, reason);
        }
    }

    /** Why the edge closed it; null when the console closed first. */
    CloseReason closeReason() {
        return closeReason.get();
    }
}
