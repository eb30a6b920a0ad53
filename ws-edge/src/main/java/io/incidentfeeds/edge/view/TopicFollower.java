package io.incidentfeeds.edge.view;

import io.incidentfeeds.edge.EdgeProperties;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.context.SmartLifecycle;

/**
 * A thread that follows every partition of one topic with its own consumer, reading on as records
 * arrive: assigned, never in a consumer group, never committing (the edge keeps no state),
 * {@code read_committed}. Started and stopped with the application; a topic that does not exist yet
 * is waited for. (Bounded reads of a range of offsets are the history module's {@code TopicReader}.)
 */
public abstract class TopicFollower implements SmartLifecycle {

    protected final EdgeProperties.Kafka settings;
    private final String name;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    protected TopicFollower(EdgeProperties.Kafka settings, String name) {
        this.settings = settings;
        this.name = name;
    }

    /** Reads with {@code consumer} until {@link #running()} turns false (or throws). */
    protected abstract void read(KafkaConsumer<String, byte[]> consumer);

    /** Whether there is anything to read (a topic configured). */
    protected boolean enabled() {
        return true;
    }

    @Override
    public void start() {
        running = true;
        if (!enabled()) {
            return;
        }
        thread = new Thread(this::runConsumer, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    protected boolean running() {
        return running;
    }

    /** One consumer's life; {@link #read} again with a new consumer when it returns while running. */
    private void runConsumer() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(properties())) {
                consumer = c;
                read(c);
            } catch (WakeupException stopping) {
                return;
            }
        }
    }

    /**
     * The topic's partitions in order, once it exists; empty when stopped first. {@code waiting}
     * runs before each wait.
     */
    protected List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c, String topic, Duration every,
                                                   Runnable waiting) {
        while (running) {
            List<PartitionInfo> infos = c.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                        .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            }
            waiting.run();
            sleep(every);
        }
        return List.of();
    }

    protected void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * The consumer's settings: the configured client properties, assigned partitions only (nothing
     * committed), {@code read_committed}, records handed over as soon as the broker has them.
     */
    private Properties properties() {
        Properties props = new Properties();
        props.putAll(settings.properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ws-edge-" + name);
        // Low latency over throughput: hand records over as soon as the broker has them.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        return props;
    }
}
