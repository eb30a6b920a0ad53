package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.metrics.EdgeMetrics;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replay's frames onto the console's connection, on its event loop, beside the live outbox. At
 * most {@code window} frames are on their way to the socket at once, and another version goes only
 * while the channel is writable (Netty's write buffer below its high water mark): a console that
 * reads slowly slows its replay down, while the live updates never wait behind more than the window,
 * and the live outbox, which judges a slow console, never sees a replay frame.
 */
public final class SocketSink implements ReplaySink {

    private final Channel channel;
    private final int window;
    private final EdgeMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Runnable onWritten = () -> { };
    private volatile boolean closing;
    /** Event loop only: set after everything sent before {@link #close()} was written. */
    private boolean closed;

    public SocketSink(Channel channel, int window, EdgeMetrics metrics) {
        this.channel = channel;
        this.window = Math.max(1, window);
        this.metrics = metrics;
    }

    /** What to call when a frame has gone to the socket (the replay may send more). */
    void onWritten(Runnable wake) {
        this.onWritten = wake;
    }

    @Override
    public boolean ready() {
        return !closing && inFlight.get() < window && channel.isWritable();
    }

    @Override
    public void send(String type, String frame) {
        if (closing) {
            return;
        }
        inFlight.incrementAndGet();
        try {
            channel.eventLoop().execute(() -> write(type, frame));
        } catch (RejectedExecutionException stopping) {
            inFlight.decrementAndGet();
        }
    }

    private void write(String type, String frame) {
        if (closed || !channel.isActive()) {
            inFlight.decrementAndGet();
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(frame)).addListener(f -> {
            inFlight.decrementAndGet();
            if (f.isSuccess()) {
                metrics.messageOut("replay." + type, -1);
            }
            onWritten.run();
        });
    }

    /** Nothing sent after this goes out; what was sent before still does. */
    void close() {
        closing = true;
        try {
            channel.eventLoop().execute(() -> closed = true);
        } catch (RejectedExecutionException stopping) {
            // the connection is going away with its event loop
        }
    }
}
