package io.incidentfeeds.connect.mqtt.session;

import io.incidentfeeds.connect.mqtt.config.ServerUri;
import java.util.concurrent.CompletableFuture;

/**
 * One connection attempt to one broker, with a client instance of its own. A lost connection is
 * never revived: the supervisor opens a new link. A fresh client per connection means no state of
 * the old one (in particular unacknowledged messages, which the HiveMQ client acknowledges in
 * order) can block the new one; the broker redelivers whatever the old one had not acknowledged.
 */
interface MqttLink {

    ServerUri server();

    /** Connects; completes with the broker's session-present flag, or fails ({@link BrokerRefusal} when final). */
    CompletableFuture<Boolean> connect();

    /** Subscribes to the task's filters; fails with {@link BrokerRefusal} when the broker refuses one. */
    CompletableFuture<Void> subscribe();

    /** Removes the other form of the task's filters from a resumed session; errors are ignored. */
    CompletableFuture<Void> unsubscribeStale();

    boolean isConnected();

    /** Disconnects (keeping the session on the broker) and releases the client; idempotent. */
    void close();

    /** Called once, on the client's thread, when an established or pending connection ends. */
    @FunctionalInterface
    interface DisconnectListener {
        void disconnected(MqttLink link, Throwable cause);
    }
}
