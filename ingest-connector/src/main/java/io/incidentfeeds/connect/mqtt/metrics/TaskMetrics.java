package io.incidentfeeds.connect.mqtt.metrics;

import io.incidentfeeds.connect.mqtt.delivery.InFlightWindow;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's counters, published through Kafka Connect's plugin metrics (KIP-877): the worker tags
 * them with the connector and task and exposes them like its own (JMX
 * {@code kafka.connect:type=plugins,connector=...,task=...}, and any configured metrics reporter).
 */
public final class TaskMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(TaskMetrics.class);

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong connectionsLost = new AtomicLong();
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicLong receiveMaximum = new AtomicLong();

    public void recordAcknowledged() {
        acknowledged.incrementAndGet();
    }

    public void recordOversize() {
        oversize.incrementAndGet();
    }

    public void connectionUp() {
        connected.set(true);
    }

    public void connectionLost() {
        if (connected.getAndSet(false)) {
            connectionsLost.incrementAndGet();
        }
    }

    /** The task closed its connection (stopping, or failed): not counted as a loss. */
    public void connectionClosed() {
        connected.set(false);
    }

    /** The receive maximum the current (or next) MQTT 5 connection announces. */
    public void receiveMaximum(int value) {
        receiveMaximum.set(value);
    }

    /**
     * Registers the metrics. A worker older than Kafka 4.1 has no plugin metrics: the connector then
     * runs without them rather than failing.
     */
    public void register(PluginMetricsSource source, InFlightWindow window) {
        PluginMetrics metrics;
        try {
            metrics = source.get();
        } catch (UnsupportedOperationException | LinkageError e) {
            LOG.info("This Connect worker offers no plugin metrics ({}); the connector's counters are not published", e.toString());
            return;
        }
        add(metrics, "messages-received-total", "MQTT messages taken from the broker", window::received);
        add(metrics, "records-acknowledged-total", "records Kafka acknowledged and whose MQTT message was acknowledged", acknowledged::get);
        add(metrics, "payloads-oversize-total", "payloads over mqtt.max.payload.bytes, written empty with mqtt.payload.oversize.bytes", oversize::get);
        add(metrics, "qos0-messages-dropped-total", "QoS 0 messages dropped because the in-flight bound was reached", window::qos0Dropped);
        add(metrics, "in-flight-messages", "messages received and not yet acknowledged by Kafka", window::held);
        add(metrics, "in-flight-messages-max", "the most messages held at once since the task started", window::highWater);
        add(metrics, "connected", "1 while connected to an MQTT broker, else 0", () -> connected.get() ? 1 : 0);
        add(metrics, "connections-lost-total", "established MQTT connections that were lost", connectionsLost::get);
        add(metrics, "receive-maximum", "the MQTT 5 receive maximum announced to the broker (mqtt.max.inflight.messages,"
                + " unless the broker overran it)", receiveMaximum::get);
    }

    private static void add(PluginMetrics metrics, String name, String description, LongSupplier value) {
        metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()),
                (Measurable) (config, now) -> value.getAsLong());
    }

    /** Where the worker's plugin metrics come from ({@code context::pluginMetrics}). */
    @FunctionalInterface
    public interface PluginMetricsSource {
        PluginMetrics get();
    }
}
