package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.schemas.reconciled.DiffType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One session's outbound side, confined to its channel's event loop: every write, every queued
 * message and every decision about them happens on that one thread, so nothing here takes a lock.
 * Other threads hand messages over with {@link #send}; the fan-out's task on the event loop calls
 * {@link #deliver} directly.
 *
 * <p>While the channel is writable (Netty's write buffer below its high water mark) and nothing is
 * queued, a message is written at once. Otherwise it waits here, and a newer update of an incident
 * replaces the queued one in place (only the newest state is kept); when the channel becomes
 * writable again ({@link #writable()}) the queue is written out. The session counts as too slow,
 * and {@link Events#slow} is called, when the queue holds more distinct messages than its capacity
 * or the channel stays unwritable for the send timeout.
 *
 * <p>The fan-out's shared updates arrive already encoded as whole WebSocket frames and are written
 * from the WebSocket encoder's context, i.e. below it: the same bytes for every session, with no
 * per-session copy and no walk of the pipeline above the encoder. Everything else (queued
 * messages, pings) goes through the channel and its encoder; both paths run on the event loop, so
 * their order is the order of the writes.
 */
public final class Outbox {

    /** What the outbox reports: metrics, and a session that cannot keep up (the caller closes it). */
    public interface Events {
        void sent(Outgoing message);

        void conflated();

        void dropped(int updates);

        void slow();
    }

    private final int capacity;
    private final Channel channel;
    /** The channel's WebSocket encoder: shared, pre-encoded frames are written below it. */
    private final ChannelHandlerContext encoder;
    private final EventLoop loop;
    private final long sendTimeoutNanos;
    private final Events events;
    private final LinkedHashMap<Object, Outgoing> pending = new LinkedHashMap<>();
    private long controlSequence;
    private boolean closed;
    private Runnable whenDrained;
    private ScheduledFuture<?> stall;
    /** Written to since the last flush (the fan-out flushes each channel once per batch). */
    private boolean unflushed;
    /** Some of that went through the whole pipeline (not only below the encoder): flush it all. */
    private boolean unflushedAbove;

    public Outbox(int capacity, Channel channel, long sendTimeoutMillis, Events events) {
        this.capacity = capacity;
        this.channel = channel;
        this.encoder = channel.pipeline().context(WebSocketFrameEncoder.class);
        if (encoder == null) {
            throw new IllegalStateException("no WebSocket encoder in the pipeline of " + channel);
        }
        this.loop = channel.eventLoop();
        this.sendTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(sendTimeoutMillis);
        this.events = events;
    }

    /** The event loop this outbox belongs to. */
    public EventLoop loop() {
        return loop;
    }

    /** The most distinct messages it holds before its session counts as too slow. */
    public int capacity() {
        return capacity;
    }

    /** From any thread: queues a message and writes what the channel takes, on the event loop. */
    public void send(Outgoing message) {
        if (loop.inEventLoop()) {
            offer(message);
            writeQueued();
            flush();
        } else {
            loop.execute(() -> send(message));
        }
    }

    /** From any thread: sends a last message, then (once it is written) runs {@code then} on the event loop. */
    public void sendLast(Outgoing message, Runnable then) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> sendLast(message, then));
            return;
        }
        if (closed || whenDrained != null) {
            return;
        }
        pending.put(controlSequence++, message);
        whenDrained = then;
        writeQueued();
        flush();
    }

    /**
     * On the event loop: one update of the fan-out, whose whole WebSocket frame is already encoded
     * in {@code frame} (shared by every session; this writes a retained duplicate below the
     * encoder and does not flush). Returns
     * whether it was written now, rather than queued or dropped.
     */
    boolean deliver(SharedUpdate update, io.incidentfeeds.schemas.protocol.Channel on, DiffType diff, ByteBuf frame) {
        if (closed || whenDrained != null) {
            return false;
        }
        if (pending.isEmpty() && channel.isWritable()) {
            encoder.write(frame.retainedDuplicate(), channel.voidPromise());
            unflushed = true;
            return true;
        }
        offer(new Outgoing.Update(on, diff, update, update.position()));
        writeQueued();
        return false;
    }

    /**
     * On the event loop: flushes the channel if anything was written since the last flush; from
     * below the encoder when only shared frames were (as they were written: no walk of the handlers
     * above it, which hold nothing since the last flush).
     */
    void flush() {
        if (unflushed) {
            unflushed = false;
            if (unflushedAbove) {
                unflushedAbove = false;
                channel.flush();
            } else {
                encoder.flush();
            }
        }
    }

    /** On the event loop: the channel's writability changed; writes the queue if it is writable again. */
    public void writable() {
        if (closed || !channel.isWritable()) {
            return;
        }
        cancelStall();
        writeQueued();
        flush();
    }

    /** On the event loop: discards what is queued; nothing more is written. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelStall();
        int updates = 0;
        for (Outgoing o : pending.values()) {
            if (o instanceof Outgoing.Update) {
                updates++;
            }
        }
        pending.clear();
        if (updates > 0) {
            events.dropped(updates);
        }
    }

    /** Queued messages (on the event loop). */
    int size() {
        return pending.size();
    }

    private void offer(Outgoing message) {
        if (closed || whenDrained != null) {
            return;
        }
        if (message instanceof Outgoing.Update update) {
            Outgoing.Key key = update.key();
            Outgoing queued = pending.get(key);
            if (queued != null) {
                Outgoing.Update merged = ((Outgoing.Update) queued).followedBy(update);
                if (merged == null) {
                    pending.remove(key);
                } else {
                    pending.put(key, merged);
                }
                events.conflated();
                return;
            }
            if (pending.size() >= capacity) {
                events.slow();
                return;
            }
            pending.put(key, update);
            return;
        }
        if (pending.size() >= capacity) {
            events.slow();
            return;
        }
        pending.put(controlSequence++, message);
    }

    /** Writes queued messages while the channel takes them; arms the stall timer when it stops taking them. */
    private void writeQueued() {
        while (!closed && !pending.isEmpty() && channel.isWritable()) {
            Outgoing next = poll();
            if (next instanceof Outgoing.Ping) {
                channel.write(new PingWebSocketFrame(), channel.voidPromise());
            } else {
                channel.write(new TextWebSocketFrame(next.render()), channel.voidPromise());
            }
            unflushed = true;
            unflushedAbove = true;
            events.sent(next);
        }
        if (closed) {
            return;
        }
        if (pending.isEmpty()) {
            Runnable drained = whenDrained;
            if (drained != null) {
                flush();
                drained.run();
            }
        } else if (stall == null) {
            stall = loop.schedule(this::stalled, sendTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void stalled() {
        stall = null;
        if (!closed && !pending.isEmpty() && !channel.isWritable()) {
            events.slow();
        } else if (!closed) {
            writeQueued();
            flush();
        }
    }

    private void cancelStall() {
        if (stall != null) {
            stall.cancel(false);
            stall = null;
        }
    }

    private Outgoing poll() {
        Iterator<Map.Entry<Object, Outgoing>> it = pending.entrySet().iterator();
        Outgoing first = it.next().getValue();
        it.remove();
        return first;
    }
}
