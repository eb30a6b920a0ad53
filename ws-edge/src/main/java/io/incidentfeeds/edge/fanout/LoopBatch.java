package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.edge.metrics.EdgeMetrics;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One poll batch's updates for the sessions of one event loop: filled by the fan-out on the reader
 * thread, one entry per update and {@link Audience} (its members on this loop, as they were when it
 * decided), then run once as a task on that event loop, where it writes each update's shared frame
 * (a retained duplicate of one buffer holding the whole WebSocket frame) to each member's channel,
 * below its WebSocket encoder, and flushes each channel once at the end. A session that is closing
 * gets nothing more; one that is not writable, or has messages queued, gets the update in its
 * outbox instead (conflated there).
 */
final class LoopBatch implements Runnable {

    private static final Channel[] CHANNELS = Channel.values();
    private static final DiffType[] DIFFS = DiffType.values();

    private final EventLoop loop;
    private final EdgeMetrics metrics;
    private Subscriber[][] members = new Subscriber[16][];
    private SharedUpdate[] updates = new SharedUpdate[16];
    private ByteBuf[] frames = new ByteBuf[16];
    private byte[] kinds = new byte[16];
    private int size;
    private Encoded encoded;

    LoopBatch(EventLoop loop, EdgeMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    void add(Subscriber[] receivers, SharedUpdate update, Channel channel, DiffType diff, ByteBuf frame) {
        if (size == members.length) {
            int n = size * 2;
            members = Arrays.copyOf(members, n);
            updates = Arrays.copyOf(updates, n);
            frames = Arrays.copyOf(frames, n);
            kinds = Arrays.copyOf(kinds, n);
        }
        members[size] = receivers;
        updates[size] = update;
        frames[size] = frame;
        kinds[size] = (byte) (channel.ordinal() * DIFFS.length + diff.ordinal());
        size++;
    }

    /** Hands the batch to its event loop; {@code encoded} is released once every loop has written. */
    void start(Encoded encoded) {
        this.encoded = encoded;
        try {
            loop.execute(this);
        } catch (RejectedExecutionException shuttingDown) {
            encoded.done();
        }
    }

    @Override
    public void run() {
        try {
            SharedUpdate counting = null;
            int written = 0;
            for (int i = 0; i < size; i++) {
                if (updates[i] != counting) {
                    count(counting, written);
                    counting = updates[i];
                    written = 0;
                }
                int kind = kinds[i];
                Channel channel = CHANNELS[kind / DIFFS.length];
                DiffType diff = DIFFS[kind % DIFFS.length];
                for (Subscriber s : members[i]) {
                    if (s.active() && s.outbox().deliver(updates[i], channel, diff, frames[i])) {
                        written++;
                    }
                }
            }
            count(counting, written);
            for (int i = 0; i < size; i++) {
                for (Subscriber s : members[i]) {
                    s.outbox().flush();
                }
            }
        } finally {
            encoded.done();
        }
    }

    /** The frames of one update written at once: counted, and its latency recorded once. */
    private void count(SharedUpdate update, int written) {
        if (written > 0) {
            metrics.updatesOut(written, update.appendTime());
        }
    }

    /** The buffers one poll batch encoded, released when the last event loop's task is done with them. */
    static final class Encoded {
        private final List<ByteBuf> buffers;
        private final AtomicInteger loops;

        Encoded(List<ByteBuf> buffers, int loops) {
            this.buffers = buffers;
            this.loops = new AtomicInteger(loops);
        }

        void done() {
            if (loops.decrementAndGet() == 0) {
                buffers.forEach(ByteBuf::release);
            }
        }
    }
}
