package io.incidentfeeds.connect.mqtt.session;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import io.incidentfeeds.connect.mqtt.config.ServerUri;
import io.incidentfeeds.connect.mqtt.config.TlsSettings;
import io.incidentfeeds.connect.mqtt.delivery.InboundMessage;
import io.incidentfeeds.connect.mqtt.metrics.TaskMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one task connected: connects, subscribes when the broker has no session for it (first
 * connection of the task, clean session, or a broker that lost its state), and on any loss
 * reconnects with exponential back-off and jitter, trying the configured brokers in order. Every
 * state change is logged once: the first failure of an outage and its end, not every attempt.
 *
 * <p>All state lives on one scheduler thread; the MQTT client's threads only post events to it.
 */
public final class SessionSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSupervisor.class);
    /** How often to look again whether Kafka has drained the window before reconnecting. */
    private static final long ROOM_RECHECK_MILLIS = 100;
    /** The protocol's largest receive maximum (a two-byte integer). */
    private static final int MAX_RECEIVE_MAXIMUM = 65_535;

    private final LinkSettings settings;
    private final List<ServerUri> servers;
    private final TlsSettings tls;
    private final Consumer<InboundMessage> sink;
    private final BooleanSupplier windowHasRoom;
    private final TaskMetrics metrics;
    private final Backoff backoff;
    private final ScheduledExecutorService loop;
    private final Set<MqttLink> openLinks = ConcurrentHashMap.newKeySet();

    // Confined to the loop thread.
    private MqttClientSslConfig ssl;
    private int receiveMaximum;
    private MqttLink current;
    private int serverIndex;
    private int failedRounds;
    private boolean subscribedOnce;
    private long outageStartNanos = -1;
    private int outageAttempts;

    private final CountDownLatch firstConnection = new CountDownLatch(1);
    private volatile RuntimeException fatal;
    private volatile boolean closed;

    public SessionSupervisor(LinkSettings settings, List<ServerUri> servers, TlsSettings tls, Backoff backoff,
                             Consumer<InboundMessage> sink, BooleanSupplier windowHasRoom, TaskMetrics metrics) {
        this.settings = settings;
        this.servers = List.copyOf(servers);
        this.tls = tls;
        this.backoff = backoff;
        this.sink = sink;
        this.windowHasRoom = windowHasRoom;
        this.metrics = metrics;
        this.receiveMaximum = settings.receiveMaximum();
        metrics.receiveMaximum(receiveMaximum);
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mqtt-session-" + settings.clientId());
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        PacketFacts.requireAvailable();
        post(this::attempt);
    }

    /**
     * Waits for the first connection and subscription, so that a task reported RUNNING is
     * subscribed: whatever is published from then on is delivered or queued for it. Returns false
     * after the timeout (the broker is unreachable: the task runs on and keeps trying) or when the
     * broker refused the task ({@link #failure()}).
     */
    public boolean awaitFirstConnection(Duration timeout) throws InterruptedException {
        return firstConnection.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && fatal == null;
    }

    /** The reason the task must stop, if the broker refused it in a way retrying cannot fix. */
    public RuntimeException failure() {
        return fatal;
    }

    private void attempt() {
        if (closed) {
            return;
        }
        // After a loss the window still holds the old connection's messages until Kafka takes them;
        // a new connection would be given a whole new window on top. Wait for room first.
        if (!windowHasRoom.getAsBoolean()) {
            loop.schedule(this::attempt, ROOM_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        ServerUri server = servers.get(serverIndex);
        MqttLink link;
        try {
            link = newLink(server);
        } catch (RuntimeException e) {
            fail(new BrokerRefusal("cannot set up the connection to " + server + ": " + e.getMessage()));
            return;
        }
        openLinks.add(link);
        boolean firstConnection = !subscribedOnce;
        link.connect()
                .thenCompose(sessionPresent -> prepareSubscriptions(link, sessionPresent, firstConnection)
                        .thenApply(ignored -> sessionPresent))
                .whenComplete((sessionPresent, error) -> post(() -> attemptDone(link, sessionPresent, error)));
    }

    private MqttLink newLink(ServerUri server) {
        if (server.tls() && ssl == null) {
            ssl = TlsContext.build(tls, settings.connectTimeout());
        }
        MqttLink.DisconnectListener listener = (link, cause) -> post(() -> disconnected(link, cause));
        return settings.mqtt5()
                ? new Mqtt5Link(server, settings.withReceiveMaximum(receiveMaximum), ssl, sink, listener)
                : new Mqtt3Link(server, settings, ssl, sink, listener);
    }

    /**
     * Subscribes unless the broker resumed a session this task already subscribed in. On the first
     * connection of a task it always subscribes (the filters may have changed since the session was
     * made) and drops the stale form of the filters.
     */
    private static CompletableFuture<Void> prepareSubscriptions(MqttLink link, boolean sessionPresent, boolean firstConnection) {
        if (sessionPresent && !firstConnection) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> cleanup = sessionPresent ? link.unsubscribeStale() : CompletableFuture.completedFuture(null);
        return cleanup.thenCompose(ignored -> link.subscribe());
    }

    private void attemptDone(MqttLink link, Boolean sessionPresent, Throwable error) {
        if (closed) {
            closeLink(link);
            return;
        }
        Throwable cause = error == null ? null : AbstractLink.unwrap(error);
        if (cause == null && !link.isConnected()) {
            cause = new IllegalStateException("the connection closed as soon as it was established");
        }
        if (cause instanceof BrokerRefusal refusal) {
            closeLink(link);
            fail(refusal);
            return;
        }
        if (cause != null) {
            closeLink(link);
            attemptFailed(link.server(), cause);
            return;
        }
        current = link;
        boolean resubscribed = !Boolean.TRUE.equals(sessionPresent) || !subscribedOnce;
        logConnected(link.server(), Boolean.TRUE.equals(sessionPresent), resubscribed);
        subscribedOnce = true;
        serverIndex = 0;
        failedRounds = 0;
        outageStartNanos = -1;
        outageAttempts = 0;
        metrics.connectionUp();
        firstConnection.countDown();
    }

    private void attemptFailed(ServerUri server, Throwable cause) {
        widenIfTheBrokerOverran(server, cause);
        outageAttempts++;
        if (outageStartNanos < 0) {
            outageStartNanos = System.nanoTime();
            LOG.warn("MQTT: cannot connect to {} as {}: {}; retrying{} with back-off {}..{} ms until it works",
                    server, settings.clientId(), describe(cause), servers.size() > 1 ? " every broker in order" : "",
                    backoff.initialMillis(), backoff.maxMillis());
        } else {
            LOG.debug("MQTT: attempt {} to connect to {} failed: {}", outageAttempts, server, describe(cause));
        }
        // Failover: the next broker at once; after the last one, wait, then start again from the first.
        serverIndex = (serverIndex + 1) % servers.size();
        long delay = serverIndex == 0 ? backoff.delayMillis(failedRounds++) : 0;
        loop.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    private void disconnected(MqttLink link, Throwable cause) {
        if (link != current || closed) {
            return; // a failed attempt (handled in attemptDone) or an old connection
        }
        current = null;
        closeLink(link);
        metrics.connectionLost();
        widenIfTheBrokerOverran(link.server(), cause);
        outageStartNanos = System.nanoTime();
        outageAttempts = 0;
        LOG.warn("MQTT: connection to {} as {} lost: {}; reconnecting with back-off {}..{} ms (unacknowledged"
                        + " messages will be redelivered)", link.server(), settings.clientId(), describe(cause),
                backoff.initialMillis(), backoff.maxMillis());
        loop.schedule(this::attempt, backoff.delayMillis(0), TimeUnit.MILLISECONDS);
    }

    /**
     * A broker that sends more unacknowledged messages than the receive maximum makes the client
     * drop the connection; on resuming, it resends them all and overruns again, for ever (seen with
     * Mosquitto 2.0.11 when a session with a backlog resumes while acknowledgements flow). Doubling
     * the receive maximum for the next connection lets it make progress, at the price of holding
     * more than mqtt.max.inflight.messages; said once per change.
     */
    private void widenIfTheBrokerOverran(ServerUri server, Throwable cause) {
        if (!Mqtt5Link.brokerExceededReceiveMaximum(cause) || receiveMaximum >= MAX_RECEIVE_MAXIMUM) {
            return;
        }
        int wider = (int) Math.min(MAX_RECEIVE_MAXIMUM, 2L * receiveMaximum);
        LOG.warn("MQTT: broker {} sent client {} more unacknowledged messages than the receive maximum {} it was given (a broker"
                        + " bug); reconnecting with a receive maximum of {}, so the task may hold more than"
                        + " mqtt.max.inflight.messages", server, settings.clientId(), receiveMaximum, wider);
        receiveMaximum = wider;
        metrics.receiveMaximum(wider);
    }

    private void logConnected(ServerUri server, boolean sessionPresent, boolean resubscribed) {
        String session = sessionPresent ? "session resumed" : "new session";
        if (outageStartNanos >= 0) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStartNanos);
            LOG.info("MQTT: connected to {} as {} after {} failed attempt(s) in {} s ({}{})", server, settings.clientId(),
                    outageAttempts, seconds, session, resubscribed ? ", subscribed to " + settings.filters() : "");
        } else {
            LOG.info("MQTT: connected to {} as {} ({}, subscribed to {} at QoS {})", server, settings.clientId(),
                    session, settings.filters(), settings.qos());
        }
        if (!sessionPresent && subscribedOnce && !settings.cleanSession()) {
            LOG.warn("MQTT: broker {} had no session for {} any more (restarted without persistence, or the session"
                    + " expired): subscribed again; messages published while there was no session were not queued",
                    server, settings.clientId());
        }
    }

    private void fail(RuntimeException refusal) {
        fatal = refusal;
        metrics.connectionClosed();
        firstConnection.countDown();
        LOG.error("MQTT: {}; the task stops", refusal.getMessage());
    }

    private void closeLink(MqttLink link) {
        openLinks.remove(link);
        link.close();
    }

    private void post(Runnable action) {
        try {
            loop.execute(action);
        } catch (RejectedExecutionException stopped) {
            // Closing: close() closes every link itself.
        }
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Disconnects (the broker keeps the session and what was not acknowledged) and stops the loop. */
    @Override
    public void close() {
        closed = true;
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (MqttLink link : openLinks) {
            link.close();
        }
        openLinks.clear();
        metrics.connectionClosed();
    }
}
