package io.incidentfeeds.processor.app;

import io.incidentfeeds.processing.validation.TimestampWindow;
import io.incidentfeeds.processor.deadletter.InternalErrorHandler;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.reconcile.CheckpointSettings;
import io.incidentfeeds.processor.topology.TopicNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's settings, in layers: the built-in defaults ({@code stream-processor.properties}
 * in the jar), then an optional file, then environment variables ({@code PROCESSOR_} + the key in
 * upper case, '.' and '-' as '_'), then explicit overrides (tests). {@code ${java.io.tmpdir}} is
 * expanded. Every key and its default is documented in the defaults file and the README.
 */
public final class ProcessorConfig {

    public static final String ENV_PREFIX = "PROCESSOR_";
    public static final String ENV_CONFIG_FILE = "PROCESSOR_CONFIG";
    private static final String KAFKA = "kafka.";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorConfig.class);

    private final Properties settings;
    private CheckpointSettings checkpoints; // parsed at the first ask, then kept

    private ProcessorConfig(Properties settings) {
        this.settings = settings;
    }

    /** Defaults + file (may be null) + environment + overrides. */
    public static ProcessorConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Properties p = new Properties();
        try (InputStream in = ProcessorConfig.class.getClassLoader().getResourceAsStream("stream-processor.properties")) {
            if (in == null) {
                throw new IllegalStateException("stream-processor.properties missing from the class path");
            }
            p.load(in);
            if (file != null) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read settings " + file, e);
        }
        applyEnvironment(p, environment);
        p.putAll(overrides);
        p.replaceAll((k, v) -> v.toString().replace("${java.io.tmpdir}", System.getProperty("java.io.tmpdir")));
        return new ProcessorConfig(p);
    }

    /** Defaults + overrides only (tests, in-process use). */
    public static ProcessorConfig of(Map<String, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    private static void applyEnvironment(Properties p, Map<String, String> env) {
        Map<String, String> byEnvName = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            byEnvName.put(envName(key), key);
        }
        env.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || name.equals(ENV_CONFIG_FILE)) {
                return;
            }
            String key = byEnvName.get(name);
            if (key == null && name.startsWith(ENV_PREFIX + "KAFKA_")) {
                key = KAFKA + name.substring((ENV_PREFIX + "KAFKA_").length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
            if (key != null) {
                p.setProperty(key, value);
            } else {
                LOG.warn("environment variable {} matches no setting; ignored (see stream-processor.properties)", name);
            }
        });
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String get(String key) {
        String v = settings.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing setting " + key);
        }
        return v.trim();
    }

    public Properties all() {
        Properties copy = new Properties();
        copy.putAll(settings);
        return copy;
    }

    public TopicNames topics() {
        return new TopicNames(get("topics.raw"), get("topics.dlq"), get("topics.reconciled"), get("topics.history"),
                get("topics.conflicts"));
    }

    public String provisioning() {
        String mode = get("topics.provisioning").toLowerCase(Locale.ROOT);
        if (!mode.equals("create") && !mode.equals("check") && !mode.equals("off")) {
            throw new IllegalArgumentException("topics.provisioning must be create, check or off: " + mode);
        }
        return mode;
    }

    public int partitions() {
        return positiveInt("topics.partitions");
    }

    /**
     * The replication factor of the topics the processor creates and of Kafka Streams' internal
     * topics; empty ({@code -1}, the default) takes the broker's {@code default.replication.factor},
     * so one default runs on a single broker and on a replicated cluster.
     */
    public Optional<Short> replicationFactor() {
        int v = Integer.parseInt(get("topics.replication-factor"));
        if (v == -1) {
            return Optional.empty();
        }
        if (v < 1 || v > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topics.replication-factor must be -1 (the broker's default) or at least 1: " + v);
        }
        return Optional.of((short) v);
    }

    public long rawRetentionMs() {
        long ms = Long.parseLong(get("topics.raw.retention-ms"));
        if (ms < -1 || ms == 0) {
            throw new IllegalArgumentException("topics.raw.retention-ms must be positive or -1 (forever): " + ms);
        }
        return ms;
    }

    /**
     * {@code message.timestamp.type} of {@code incidents.raw} when created: {@code LogAppendTime} (the
     * default: record times are the broker's append times, so "known at T" is each partition's prefix
     * up to T) or {@code CreateTime} (the producer's times: for loading archived raw records with
     * their original times).
     */
    public String rawTimestampType() {
        String type = get("topics.raw.timestamp-type");
        if (!type.equals("LogAppendTime") && !type.equals("CreateTime")) {
            throw new IllegalArgumentException("topics.raw.timestamp-type must be LogAppendTime or CreateTime: " + type);
        }
        return type;
    }

    /** Retention of {@code incidents.history} when created: {@code topics.history.retention-ms}, or raw's when empty. */
    public long historyRetentionMs() {
        String v = settings.getProperty("topics.history.retention-ms", "").trim();
        if (v.isEmpty()) {
            return rawRetentionMs();
        }
        long ms = Long.parseLong(v);
        if (ms < -1 || ms == 0) {
            throw new IllegalArgumentException("topics.history.retention-ms must be positive, -1 (forever) or empty (as raw): " + ms);
        }
        return ms;
    }

    /** Checkpoints: on or off, their interval, chunk size and topic (parsed once). */
    public synchronized CheckpointSettings checkpoints() {
        if (checkpoints == null) {
            checkpoints = CheckpointSettings.from(settings);
        }
        return checkpoints;
    }

    /** Retention of {@code incidents.checkpoints} when created: {@code topics.checkpoints.retention-ms}, or raw's when empty. */
    public long checkpointsRetentionMs() {
        String v = settings.getProperty("topics.checkpoints.retention-ms", "").trim();
        if (v.isEmpty()) {
            return rawRetentionMs();
        }
        long ms = Long.parseLong(v);
        if (ms < -1 || ms == 0) {
            throw new IllegalArgumentException("topics.checkpoints.retention-ms must be positive, -1 (forever) or empty (as raw): " + ms);
        }
        return ms;
    }

    public TimestampWindow timestampWindow() {
        return new TimestampWindow(duration("validation.timestamp.max-future-skew"), duration("validation.timestamp.max-age"));
    }

    public String jurisdictionLayer() {
        return get("jurisdictions.layer");
    }

    public int httpPort() {
        return Integer.parseInt(get("http.port"));
    }

    public String httpBindAddress() {
        return get("http.bind-address");
    }

    public Duration shutdownTimeout() {
        return duration("shutdown.timeout");
    }

    public String applicationId() {
        return get(KAFKA + StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /** The Kafka Streams configuration: every {@code kafka.*} setting plus what the processor fixes. */
    public Properties streamsProperties(ProcessorMetrics metrics) {
        Properties streams = new Properties();
        for (String key : settings.stringPropertyNames()) {
            // An empty value unsets a default (kafka.rocksdb.config.setter= : Kafka Streams' own).
            if (key.startsWith(KAFKA) && !settings.getProperty(key).isBlank()) {
                streams.put(key.substring(KAFKA.length()), settings.getProperty(key).trim());
            }
        }
        Object guarantee = streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            throw new IllegalArgumentException("kafka.processing.guarantee must be " + StreamsConfig.EXACTLY_ONCE_V2
                    + " (the pipeline's no-loss, no-duplicate promise rests on it), not " + guarantee);
        }
        streams.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        streams.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        streams.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(replicationFactor().map(Short::intValue).orElse(-1)));
        streams.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, get("topics.dlq"));
        streams.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, InternalErrorHandler.class.getName());
        streams.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, InternalErrorHandler.class.getName());
        streams.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, InternalErrorHandler.class.getName());
        streams.put(ProcessorMetrics.CONFIG_KEY, metrics);
        return streams;
    }

    private int positiveInt(String key) {
        int v = Integer.parseInt(get(key));
        if (v < 1) {
            throw new IllegalArgumentException(key + " must be at least 1: " + v);
        }
        return v;
    }

    private Duration duration(String key) {
        try {
            return Duration.parse(get(key));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration like PT5M: " + get(key), e);
        }
    }
}
