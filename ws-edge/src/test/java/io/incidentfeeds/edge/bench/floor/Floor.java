package io.incidentfeeds.edge.bench.floor;

/**
 * A server stack reduced to fan-out: sessions grouped by the {@code g} query parameter, and every
 * update handed as it is to each session of its group. No authorization, filters or conflation.
 */
interface Floor extends AutoCloseable {

    void start() throws Exception;

    /** Sends one update's frame to every session of {@code group}. */
    void broadcast(int group, String frame);

    /** The transport its sockets run on, as the floor logs it. */
    default String transport() {
        return "Java NIO";
    }

    /** Called once the updates of a tick have been broadcast (stacks that batch write here). */
    default void flush() {
    }
}
