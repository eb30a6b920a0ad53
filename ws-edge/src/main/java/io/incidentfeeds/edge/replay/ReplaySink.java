package io.incidentfeeds.edge.replay;

/**
 * Where a replay's frames go: the console's connection, beside its live channels. The replay asks
 * before each version whether the sink takes more; when it does not, the replay waits (it slows
 * down, never drops or merges a version) until the sink calls it back.
 */
public interface ReplaySink {

    /** Whether another version may be sent now. */
    boolean ready();

    /**
     * Sends a frame, in order after the ones sent before; status and snapshot frames are sent
     * whether or not the sink is ready.
     *
     * @param type the message type, for metrics ({@code update}, {@code snapshot}, {@code replay.status}, ...)
     */
    void send(String type, String frame);
}
