package io.incidentfeeds.edge.fanout;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One session's outbound queue: bounded, conflating, sent one frame at a time without blocking the
 * caller. Whoever queues a message never waits for the network: a slow console only makes its own
 * queue grow. Under pressure a newer update of an incident replaces the queued one in place (only
 * the newest state is kept); when the queue still holds more distinct messages than its capacity
 * the session is too slow and {@link #offer} says so (the caller closes it).
 */
public final class Outbox {

    /** Where frames go: the WebSocket, asynchronously. */
    public interface Transport {
        /** Starts sending {@code frame}; {@code done} gets null on success, else the failure. */
        void send(String frame, Consumer<Throwable> done);

        /** Sends a WebSocket ping (blocking; only called when no frame is being sent). */
        void ping() throws Exception;
    }

    /** What the outbox reports (metrics). */
    public interface Events {
        void sent(Outgoing message);

        void conflated();

        void dropped(int updates);

        void failed(Throwable error);
    }

    /** The outcome of {@link #offer}. */
    public enum Offer { QUEUED, CONFLATED, OVERFLOW, CLOSED }

    private static final int MAX_INLINE_DEPTH = 8;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final int capacity;
    private final Transport transport;
    private final Events events;
    private final Executor dispatcher;
    private final LinkedHashMap<Object, Outgoing> pending = new LinkedHashMap<>();
    private long controlSequence;
    private boolean sending;
    private boolean closed;
    private Runnable whenDrained;

    /**
     * @param dispatcher runs a send when completions nest too deeply on one thread (a transport
     *                   may call back on the thread that started the send)
     */
    public Outbox(int capacity, Transport transport, Events events, Executor dispatcher) {
        this.capacity = capacity;
        this.transport = transport;
        this.events = events;
        this.dispatcher = dispatcher;
    }

    /** Queues a message; call {@link #flush()} afterwards (possibly once for many offers). */
    public synchronized Offer offer(Outgoing message) {
        if (closed || whenDrained != null) {
            return Offer.CLOSED;
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
                return Offer.CONFLATED;
            }
            if (pending.size() >= capacity) {
                return Offer.OVERFLOW;
            }
            pending.put(key, update);
            return Offer.QUEUED;
        }
        if (pending.size() >= capacity) {
            return Offer.OVERFLOW;
        }
        pending.put(controlSequence++, message);
        return Offer.QUEUED;
    }

    /** Queues a last message; once it (and everything before it) is sent, runs {@code then}. */
    public void offerLast(Outgoing message, Runnable then) {
        synchronized (this) {
            if (closed || whenDrained != null) {
                return;
            }
            pending.put(controlSequence++, message);
            whenDrained = then;
        }
        flush();
    }

    /** Starts sending if nothing is being sent. */
    public void flush() {
        Outgoing next;
        synchronized (this) {
            if (sending || closed) {
                return;
            }
            next = poll();
            if (next == null) {
                return;
            }
            sending = true;
        }
        transmit(next);
    }

    /** Discards what is queued; nothing more is sent. */
    public void close() {
        int updates = 0;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Outgoing o : pending.values()) {
                if (o instanceof Outgoing.Update) {
                    updates++;
                }
            }
            pending.clear();
        }
        if (updates > 0) {
            events.dropped(updates);
        }
    }

    /** The most distinct messages it holds before its session counts as too slow. */
    public int capacity() {
        return capacity;
    }

    public synchronized int size() {
        return pending.size();
    }

    private Outgoing poll() {
        Iterator<Map.Entry<Object, Outgoing>> it = pending.entrySet().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Outgoing first = it.next().getValue();
        it.remove();
        return first;
    }

    private void transmit(Outgoing message) {
        if (message instanceof Outgoing.Ping) {
            Throwable failure = null;
            try {
                transport.ping();
            } catch (Exception e) {
                failure = e;
            }
            completed(message, failure);
            return;
        }
        String frame;
        try {
            frame = message.render();
        } catch (RuntimeException e) {
            events.failed(e);
            return;
        }
        transport.send(frame, error -> completed(message, error));
    }

    private void completed(Outgoing message, Throwable error) {
        if (error != null) {
            synchronized (this) {
                sending = false;
            }
            events.failed(error);
            return;
        }
        events.sent(message);
        Outgoing next;
        Runnable drained = null;
        synchronized (this) {
            next = closed ? null : poll();
            if (next == null) {
                sending = false;
                if (!closed && pending.isEmpty() && whenDrained != null) {
                    drained = whenDrained;
                }
            }
        }
        if (drained != null) {
            drained.run();
        } else if (next != null) {
            continueWith(next);
        }
    }

    /** Sends the next frame, on this thread unless completions have nested too deep on it. */
    private void continueWith(Outgoing next) {
        int[] depth = DEPTH.get();
        if (depth[0] >= MAX_INLINE_DEPTH) {
            dispatcher.execute(() -> transmit(next));
            return;
        }
        depth[0]++;
        try {
            transmit(next);
        } finally {
            depth[0]--;
        }
    }
}
