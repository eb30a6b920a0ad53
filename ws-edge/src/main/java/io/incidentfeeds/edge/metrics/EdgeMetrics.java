package io.incidentfeeds.edge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The edge's own meters (Prometheus names in brackets): sessions [edge_sessions], subscriptions
 * [edge_subscriptions], live incidents [edge_view_incidents], consumer lag [edge_consumer_lag],
 * messages out by type [edge_messages_out_total], messages in by outcome [edge_messages_in_total],
 * conflated and dropped updates [edge_updates_conflated_total, edge_updates_dropped_total], closes
 * by reason [edge_closes_total] and fan-out latency from the record's append time to the frame
 * going to the socket [edge_fanout_latency_seconds].
 */
public final class EdgeMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> out = new ConcurrentHashMap<>();
    private final Map<String, Counter> in = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Counter conflated;
    private final Counter dropped;
    private final Timer fanoutLatency;

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.conflated = Counter.builder("edge.updates.conflated")
                .description("Queued updates replaced by a newer state of the same incident").register(registry);
        this.dropped = Counter.builder("edge.updates.dropped")
                .description("Queued updates discarded because their session closed").register(registry);
        this.fanoutLatency = Timer.builder("edge.fanout.latency")
                .description("From the record's append time in Kafka to its frame going to the socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** Registers a gauge read on scrape. */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    public void messageOut(String type, long appendTimeMs) {
        out.computeIfAbsent(type, t -> Counter.builder("edge.messages.out").tag("type", t)
                .description("Frames sent to consoles").register(registry)).increment();
        if (appendTimeMs > 0) {
            long latency = System.currentTimeMillis() - appendTimeMs;
            fanoutLatency.record(Math.max(0, latency), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The fan-out wrote one update's frame to {@code frames} sessions of one event loop at once: the
     * frames are counted, the latency is recorded once (they went to the sockets together).
     */
    public void updatesOut(int frames, long appendTimeMs) {
        out.computeIfAbsent("update", t -> Counter.builder("edge.messages.out").tag("type", t)
                .description("Frames sent to consoles").register(registry)).increment(frames);
        if (appendTimeMs > 0) {
            long latency = System.currentTimeMillis() - appendTimeMs;
            fanoutLatency.record(Math.max(0, latency), TimeUnit.MILLISECONDS);
        }
    }

    public void messageIn(String outcome) {
        in.computeIfAbsent(outcome, o -> Counter.builder("edge.messages.in").tag("outcome", o)
                .description("Client frames by outcome").register(registry)).increment();
    }

    public void closed(String reason) {
        closes.computeIfAbsent(reason, r -> Counter.builder("edge.closes").tag("reason", r)
                .description("Closed WebSocket sessions by reason").register(registry)).increment();
    }

    public void conflated() {
        conflated.increment();
    }

    public void dropped(int updates) {
        dropped.increment(updates);
    }
}
