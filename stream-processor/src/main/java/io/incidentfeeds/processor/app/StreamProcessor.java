package io.incidentfeeds.processor.app;

import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processor.deadletter.InternalErrorHandler;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.topology.IncidentTopology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: topics provisioned, the topology started under exactly-once v2, /health and
 * /metrics served. Start it in-process with {@link #start(ProcessorConfig)} (tests, local stack) or
 * through {@link StreamProcessorMain}. {@link #close()} is the graceful shutdown: Kafka Streams
 * commits the open transactions and leaves the group, then the HTTP server stops.
 *
 * <p>A stream thread that dies of an exception no handler caught (a broker-side fencing, say) is
 * replaced rather than left dead, and counted in {@code incidentfeeds.stream.thread.replaced}.
 */
public final class StreamProcessor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessor.class);

    private final ProcessorConfig config;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ProcessorMetrics metrics = new ProcessorMetrics(registry);
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final HealthServer http;
    private final CompletableFuture<KafkaStreams.State> terminated = new CompletableFuture<>();

    private StreamProcessor(ProcessorConfig config, Function<IncidentTopology, Topology> build) {
        this.config = config;
        Properties streamsProps = config.streamsProperties(metrics);
        int rawPartitions;
        try (Admin admin = Admin.create(adminProperties(streamsProps))) {
            new TopicProvisioner(config).provision(admin);
            rawPartitions = TopicProvisioner.partitionsOf(admin, config.topics().raw());
        }
        JurisdictionIndex jurisdictions = JurisdictionIndex.load(config.jurisdictionLayer());
        LOG.info("jurisdiction layer {}: {} boundaries", config.jurisdictionLayer(), jurisdictions.size());
        IncidentTopology incidents = new IncidentTopology(config.topics(), new TelemetryValidator(config.timestampWindow()),
                new EditNormalizer(jurisdictions), metrics, config.all(), rawPartitions);
        Topology topology = build.apply(incidents);
        streamsProps.put(InternalErrorHandler.FAILURE_STAGES, incidents.failureStages());
        LOG.info("topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, streamsProps);
        Counter replaced = Counter.builder("incidentfeeds.stream.thread.replaced")
                .description("stream threads replaced after an uncaught exception").register(registry);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread died; replacing it", e);
            replaced.increment();
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("kafka streams {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                terminated.complete(now);
            }
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        try {
            http = config.httpPort() < 0 ? null
                    : new HealthServer(config.httpBindAddress(), config.httpPort(), this::health, registry::scrape);
        } catch (IOException e) {
            streams.close();
            throw new UncheckedIOException("cannot serve /health on port " + config.httpPort(), e);
        }
    }

    /** Provisions topics, builds the topology and starts Kafka Streams (returns at once). */
    public static StreamProcessor start(ProcessorConfig config) {
        return start(config, IncidentTopology::build);
    }

    /** The same with a topology composed otherwise from the blocks of {@link IncidentTopology} (tests). */
    static StreamProcessor start(ProcessorConfig config, Function<IncidentTopology, Topology> build) {
        StreamProcessor processor = new StreamProcessor(config, build);
        processor.streams.start();
        return processor;
    }

    /**
     * The same with settings as {@link Properties} over the built-in defaults (the keys of
     * {@code stream-processor.properties}; no file, no environment): for a launcher that runs the
     * processor in its own JVM.
     */
    public static StreamProcessor start(Properties settings) {
        Map<String, String> overrides = new TreeMap<>();
        settings.stringPropertyNames().forEach(k -> overrides.put(k, settings.getProperty(k)));
        return start(ProcessorConfig.of(overrides));
    }

    /** Waits until Kafka Streams is RUNNING (true) or has failed or stopped, or the time is up (false). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Creates (mode {@code create}) and checks the topics, then returns: the provisioning step run
     * on its own, with an admin's credentials, where the running processor's principal may not
     * create the contract's topics ({@code stream-processor.jar --provision}).
     */
    public static void provisionTopics(ProcessorConfig config) {
        try (Admin admin = Admin.create(adminProperties(config.streamsProperties(ProcessorMetrics.standalone())))) {
            new TopicProvisioner(config).provision(admin);
        }
    }

    /**
     * The admin client's settings as Kafka Streams derives them for its own admin client: every
     * client setting given ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...) and any
     * {@code admin.}-prefixed one, so that provisioning signs in as the processor's clients do.
     */
    static Properties adminProperties(Properties streamsProps) {
        Properties admin = new Properties();
        admin.putAll(new StreamsConfig(streamsProps).getAdminConfigs("incident-feeds-processor-provisioning"));
        return admin;
    }

    public HealthServer.Health health() {
        KafkaStreams.State state = streams.state();
        String status = switch (state) {
            case RUNNING -> "running";
            case REBALANCING -> "rebalancing";
            case CREATED -> "starting";
            case PENDING_ERROR, ERROR -> "error";
            case PENDING_SHUTDOWN, NOT_RUNNING -> "stopped";
        };
        return new HealthServer.Health(status, state.name());
    }

    public KafkaStreams streams() {
        return streams;
    }

    public ProcessorMetrics metrics() {
        return metrics;
    }

    public String prometheus() {
        return registry.scrape();
    }

    /** The /health port, or -1 when the HTTP server is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Completes when Kafka Streams stops for good (ERROR or NOT_RUNNING). */
    public CompletableFuture<KafkaStreams.State> terminated() {
        return terminated;
    }

    @Override
    public void close() {
        Duration timeout = config.shutdownTimeout();
        LOG.info("shutting down (up to {})", timeout);
        boolean clean = streams.close(CloseOptions.timeout(timeout).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!clean) {
            LOG.warn("kafka streams did not close within {}", timeout);
        }
        streamsMetrics.close();
        if (http != null) {
            http.close();
        }
        registry.close();
    }
}
