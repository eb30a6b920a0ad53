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
 * thread, then run once as a task on that event loop, where it writes each update's shared frame
 * (a retained duplicate of one buffer holding the whole WebSocket frame) to each receiving
 * session's channel, below its WebSocket encoder, and flushes each channel once at the end. A
 * session that is not writable, or has messages queued, gets the update in its outbox instead
 * (conflated there).
 */
final class LoopBatch implements Runnable {

    private static final Channel[] CHANNELS = Channel.values();
    private static final DiffType[] DIFFS = DiffType.values();

    private final EventLoop loop;
    private final EdgeMetrics metrics;
    private Outbox[] outboxes = new Outbox[16];
    private SharedUpdate[] updates = new SharedUpdate[16];
    private ByteBuf[] frames = new ByteBuf[16];
    private byte[] kinds = new byte[16];
    private int size;
    private Encoded encoded;

    LoopBatch(EventLoop loop, EdgeMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    void add(Outbox outbox, SharedUpdate update, Channel channel, DiffType diff, ByteBuf frame) {
        if (size == outboxes.length) {
            int n = size * 2;
            outboxes = Arrays.copyOf(outboxes, n);
            updates = Arrays.copyOf(updates, n);
            frames = Arrays.copyOf(frames, n);
            kinds = Arrays.copyOf(kinds, n);
        }
        outboxes[size] = outbox;
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
                int kind = kinds[i];
                if (outboxes[i].deliver(updates[i], CHANNELS[kind / DIFFS.length], DIFFS[kind % DIFFS.length], frames[i])) {
                    if (updates[i] != counting) {
                        if (counting != null) {
                            metrics.updatesOut(written, counting.appendTime());
                        }
                        counting = updates[i];
                        written = 0;
                    }
                    written++;
                }
            }
            if (counting != null) {
                metrics.updatesOut(written, counting.appendTime());
            }
            for (int i = 0; i < size; i++) {
                outboxes[i].flush();
            }
        } finally {
            encoded.done();
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
