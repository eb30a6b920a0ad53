package io.incidentfeeds.connect.mqtt.session;

/**
 * The broker said no in a way that retrying cannot change (bad credentials, not authorized, a
 * rejected client id, a refused subscription): the task fails with this message instead of
 * retrying forever while ingesting nothing.
 */
public final class BrokerRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerRefusal(String message) {
        super(message);
    }
}
