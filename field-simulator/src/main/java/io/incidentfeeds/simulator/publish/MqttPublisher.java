package io.incidentfeeds.simulator.publish;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes simulated messages to an MQTT broker (MQTT 5, HiveMQ client) at a steady rate, with a
 * bounded number of unacknowledged publishes in flight, so that a slow broker slows the simulator
 * down instead of filling its heap.
 */
public final class MqttPublisher implements AutoCloseable {

    private final Mqtt5AsyncClient client;
    private final MqttQos qos;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * @param brokerUri   {@code tcp://host:port} or {@code ssl://host:port}
     * @param clientId    MQTT client identifier
     * @param credentials {@code user:password}, or null
     * @param qos         0, 1 or 2
     * @param maxInFlight unacknowledged publishes allowed at once
     */
    public MqttPublisher(URI brokerUri, String clientId, String credentials, int qos, int maxInFlight) {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5()
                .identifier(clientId)
                .serverHost(brokerUri.getHost())
                .serverPort(brokerUri.getPort() > 0 ? brokerUri.getPort() : ("ssl".equals(brokerUri.getScheme()) ? 8883 : 1883))
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS).applyAutomaticReconnect();
        // On the client, not on the CONNECT: the automatic reconnects sign in too (a CONNECT's own
        // credentials are not sent again after a broker restart).
        if (credentials != null && credentials.contains(":")) {
            int colon = credentials.indexOf(':');
            builder = builder.simpleAuth(Mqtt5SimpleAuth.builder().username(credentials.substring(0, colon))
                    .password(credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8)).build());
        }
        if ("ssl".equals(brokerUri.getScheme())) {
            builder = builder.sslWithDefaultConfig();
        } else if (!"tcp".equals(brokerUri.getScheme())) {
            throw new IllegalArgumentException("broker URI must be tcp:// or ssl://, not " + brokerUri);
        }
        this.client = builder.buildAsync();
        this.qos = MqttQos.fromCode(qos);
        if (this.qos == null) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2");
        }
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        // A persistent session, as a field unit's gateway should have: publishes not yet acknowledged
        // when the broker goes away are sent again after the reconnect, not failed.
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).keepAlive(30)
                .send().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Publishes one message; blocks while {@code maxInFlight} publishes await their acknowledgement. */
    public void publish(SimulatedMessage message) throws InterruptedException {
        inFlight.acquire();
        client.publishWith().topic(message.topic()).qos(qos).payload(message.payload()).send()
                .whenComplete((result, error) -> {
                    inFlight.release();
                    if (error != null || (result.getError().isPresent())) {
                        failed.incrementAndGet();
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
    }

    /** Waits until every publish so far is acknowledged (or failed), up to {@code timeout}. */
    public boolean drain(Duration timeout) throws InterruptedException {
        if (inFlight.tryAcquire(maxInFlight, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            inFlight.release(maxInFlight);
            return true;
        }
        return false;
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        client.disconnect().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** Paces a loop at a fixed rate: the i-th call returns no earlier than {@code start + i / rate}. */
    public static final class Pacer {
        private final long startNanos = System.nanoTime();
        private final double nanosPerMessage;
        private long count;

        public Pacer(double ratePerSecond) {
            this.nanosPerMessage = 1e9 / ratePerSecond;
        }

        public void awaitNext() {
            long due = startNanos + (long) (count++ * nanosPerMessage);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
