package io.incidentfeeds.localstack.component;

import java.time.Duration;

/** One part of the stack: started in order, stopped in reverse order. */
public interface Component extends AutoCloseable {

    /** Short name shown in the progress lines ("kafka", "mqtt", "connect", ...). */
    String name();

    /** Starts the component and returns once it is ready (not merely launched). */
    void start(Duration timeout) throws Exception;

    /** Where a user reaches it, for the summary (a URL, host:port, or a file). */
    String address();

    /**
     * Ends the component at once, as a crash would (SIGKILL for a child JVM); {@link #start} may be
     * called again afterwards, on the same ports and data.
     */
    void kill();

    /** Stops gracefully; never throws. {@link #start} may be called again afterwards. */
    @Override
    void close();
}
