package io.incidentfeeds.connect.mqtt.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorConfigs;
import io.incidentfeeds.connect.mqtt.testkit.Eventually;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.RawTopic;
import io.incidentfeeds.connect.mqtt.testkit.TaskMetricsReader;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput of the connector into Kafka, against the Kafka producer's own throughput for the
 * same records on the same broker, measured in the same run (not a test: it asserts nothing).
 *
 * <pre>
 * mvn -B -ntp -q -pl ingest-connector test-compile exec:java -Dexec.args="200000 1024"
 * </pre>
 *
 * Arguments: messages (default 200000), payload bytes (default 1024), MQTT publishers (default 8).
 * {@code -Dincidentfeeds.mqtt.uri=tcp://127.0.0.1:1883} uses a running broker instead of the
 * embedded HiveMQ CE. Kafka runs as a child JVM ({@link KafkaProcess}), as a real broker would.
 *
 * <p>Three figures: (1) the producer baseline with the Connect worker's producer settings; (2) the
 * connector draining a backlog the broker queued in its persistent session while it was stopped
 * (the connector's own ceiling, the MQTT publishers out of the picture); (3) live: publishers and
 * connector running together, end to end.
 */
public final class IngestBenchmark {

    /** Each phase publishes as its own agency ({@code incident/<phase>/unit<n>/telemetry}), so phases do not feed each other's sessions. */
    private static final String TOPIC_TEMPLATE = "incident/%s/unit%d/telemetry";

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int payloadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int publishers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path dir = Files.createTempDirectory("ingest-bench");
        System.out.printf("ingest-connector benchmark: %,d messages of %,d bytes, QoS 1, %d MQTT publishers, %d cores%n",
                messages, payloadBytes, publishers, Runtime.getRuntime().availableProcessors());
        try (KafkaProcess kafka = new KafkaProcess(dir.resolve("kafka"), 0, Map.of());
             MqttTestBroker mqtt = MqttTestBroker.start(dir.resolve("mqtt"))) {
            kafka.start(Duration.ofMinutes(2));
            String baselineTopic = kafka.createTopic("bench.producer", 3);
            String drainTopic = kafka.createTopic("bench.drain", 3);
            String liveTopic = kafka.createTopic("bench.live", 3);

            byte[] payload = payload(payloadBytes);
            producerBaseline(kafka, baselineTopic, Math.min(20_000, messages), payload); // warm-up
            double producerBefore = producerBaseline(kafka, baselineTopic, messages, payload);
            System.out.printf("  Kafka producer (Connect's settings), same records, before: %,.0f msg/s%n", producerBefore);

            double ceiling = mqttCeiling(mqtt, messages, payload, publishers);
            System.out.printf("  MQTT side alone, a plain client draining the backlog:    %,.0f msg/s (acknowledging on receipt, no Kafka)%n",
                    ceiling);
            double drainRate = drain(kafka, mqtt, dir.resolve("drain"), drainTopic, messages, payload, publishers);
            double[] live = live(kafka, mqtt, dir.resolve("live"), liveTopic, messages, payload, publishers);

            double producerAfter = producerBaseline(kafka, baselineTopic, messages, payload);
            System.out.printf("  Kafka producer (Connect's settings), same records, after:  %,.0f msg/s%n", producerAfter);
            // The machine is shared: the better of the two baselines, so that the ratio errs against the connector.
            double producer = Math.max(producerBefore, producerAfter);
            System.out.printf("  connector, draining a %,d-message backlog:               %,.0f msg/s = %.2f x producer%n",
                    messages, drainRate, drainRate / producer);
            System.out.printf("  live, publishers and connector together:                 %,.0f msg/s = %.2f x producer"
                    + " (publishers alone %,.0f msg/s)%n", live[0], live[0] / producer, live[1]);
            System.out.printf("  load average at the end: %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        deleteRecursively(dir);
        System.exit(0); // the embedded broker's and clients' non-daemon threads
    }

    /** The records the connector writes, written by a plain producer with the worker's producer settings. */
    private static double producerBaseline(KafkaProcess kafka, String topic, int messages, byte[] payload) throws Exception {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Long.MAX_VALUE));
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (int i = 0; i < messages; i++) {
                String mqttTopic = TOPIC_TEMPLATE.formatted("producer", i % 8);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, mqttTopic.getBytes(StandardCharsets.UTF_8), payload);
                record.headers().add(MqttHeaders.TOPIC, mqttTopic.getBytes(StandardCharsets.UTF_8))
                        .add(MqttHeaders.QOS, "1".getBytes(StandardCharsets.UTF_8))
                        .add(MqttHeaders.RETAINED, "false".getBytes(StandardCharsets.UTF_8))
                        .add(MqttHeaders.DUPLICATE, "false".getBytes(StandardCharsets.UTF_8))
                        .add(MqttHeaders.MESSAGE_ID, Integer.toString(1 + i % 65_535).getBytes(StandardCharsets.UTF_8));
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            if (failure.get() != null) {
                throw failure.get();
            }
        }
        return messages / seconds(start);
    }

    /**
     * How fast the broker hands a queued backlog to one subscriber that acknowledges at once: the
     * ceiling the connector's drain cannot beat on this broker. Receive maximum 65,535, so that a
     * broker that overruns smaller ones (Mosquitto 2.0.11) does not end the connection.
     */
    private static double mqttCeiling(MqttTestBroker mqtt, int messages, byte[] payload, int publishers) throws Exception {
        String id = "bench-ceiling-" + System.nanoTime();
        Mqtt5AsyncClient subscriber = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(mqtt.host()).serverPort(mqtt.port()).simpleAuth(mqtt.connectorAuth()).buildAsync();
        subscriber.connectWith().cleanStart(true).sessionExpiryInterval(3600).send().join();
        subscriber.subscribeWith().topicFilter(filter("ceiling")).qos(MqttQos.AT_LEAST_ONCE).send().join();
        subscriber.disconnect().join();
        publish(mqtt, "ceiling", messages, payload, publishers);
        java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(messages);
        Mqtt5AsyncClient again = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(mqtt.host()).serverPort(mqtt.port()).simpleAuth(mqtt.connectorAuth()).buildAsync();
        again.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, publish -> {
            publish.acknowledge();
            drained.countDown();
        }, true);
        long start = System.nanoTime();
        again.connectWith().cleanStart(false).sessionExpiryInterval(0)
                .restrictions().receiveMaximum(65_535).applyRestrictions().send().join();
        if (!drained.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the plain client drained only " + (messages - drained.getCount()));
        }
        double rate = messages / seconds(start);
        again.disconnect().join();
        return rate;
    }

    private static double drain(KafkaProcess kafka, MqttTestBroker mqtt, Path dir, String topic, int messages,
                                byte[] payload, int publishers) throws Exception {
        String name = "bench-drain";
        Map<String, String> config = connector(name, mqtt, topic, "drain");
        // Create the persistent session, then stop: the broker queues the backlog for it.
        try (InProcessWorker worker = InProcessWorker.start(kafka.bootstrapServers(), dir)) {
            worker.deploy(name, config);
            worker.awaitRunning(name, 1, Duration.ofMinutes(1));
        }
        publish(mqtt, "drain", messages, payload, publishers);
        try (InProcessWorker worker = InProcessWorker.start(kafka.bootstrapServers(), dir)) {
            worker.deploy(name, config);
            Eventually.holds(Duration.ofMinutes(2), "first record", () -> RawTopic.size(kafka.bootstrapServers(), topic) > 0);
            long first = RawTopic.size(kafka.bootstrapServers(), topic);
            long start = System.nanoTime();
            awaitRecords(kafka, topic, messages);
            return (messages - first) / seconds(start);
        }
    }

    private static double[] live(KafkaProcess kafka, MqttTestBroker mqtt, Path dir, String topic, int messages,
                                 byte[] payload, int publishers) throws Exception {
        String name = "bench-live";
        try (InProcessWorker worker = InProcessWorker.start(kafka.bootstrapServers(), dir)) {
            worker.deploy(name, connector(name, mqtt, topic, "live"));
            worker.awaitRunning(name, 1, Duration.ofMinutes(1));
            Eventually.holds(Duration.ofMinutes(1), "connected", () -> TaskMetricsReader.value(name, 0, "connected") == 1);
            long start = System.nanoTime();
            publish(mqtt, "live", messages, payload, publishers);
            double publishRate = messages / seconds(start);
            awaitRecords(kafka, topic, messages);
            return new double[] {messages / seconds(start), publishRate};
        }
    }

    private static String filter(String phase) {
        return "incident/" + phase + "/+/telemetry";
    }

    private static Map<String, String> connector(String name, MqttTestBroker mqtt, String topic, String phase) {
        Map<String, String> config = ConnectorConfigs.of(name, mqtt.uri(), filter(phase), topic);
        config.put("mqtt.client.id", name + "-" + System.nanoTime());
        config.putAll(mqtt.connectorAccount());
        config.put("mqtt.max.inflight.messages", System.getProperty("bench.inflight", "1000"));
        return config;
    }

    /** Publishes at QoS 1 from several clients, each with many publishes in flight, until the broker acknowledged all. */
    private static void publish(MqttTestBroker mqtt, String phase, int messages, byte[] payload, int publishers) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            int share = messages / publishers + (p < messages % publishers ? 1 : 0);
            Thread thread = new Thread(() -> {
                Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier("bench-" + phase + "-" + publisher)
                        .serverHost(mqtt.host()).serverPort(mqtt.port()).simpleAuth(mqtt.auth(phase)).buildAsync();
                client.connectWith().cleanStart(true).send().join();
                Semaphore inFlight = new Semaphore(1000);
                String topic = TOPIC_TEMPLATE.formatted(phase, publisher);
                try {
                    for (int i = 0; i < share; i++) {
                        inFlight.acquire();
                        CompletableFuture<?> sent = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
                        sent.whenComplete((ack, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                            inFlight.release();
                        });
                    }
                    inFlight.acquire(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    client.disconnect().join();
                }
            }, "bench-publisher-" + p);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing failed", failure.get());
        }
    }

    private static void awaitRecords(KafkaProcess kafka, String topic, int messages) {
        Eventually.holds(Duration.ofMinutes(10), messages + " records in " + topic, () -> {
            if (!kafka.isRunning()) {
                throw new IllegalStateException("the Kafka broker process is gone, see " + kafka.dataDir().resolve("broker.log"));
            }
            return RawTopic.size(kafka.bootstrapServers(), topic) >= messages;
        });
    }

    private static byte[] payload(int size) {
        String head = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-122.4194,37.7749]},"
                + "\"properties\":{\"incident_id\":\"INC-BENCH\",\"agency_id\":\"bench\",\"status\":\"active\","
                + "\"timestamp\":\"2026-11-22T10:30:00Z\",\"sequence_number\":1,\"title\":\"";
        String tail = "\"}}";
        return (head + "x".repeat(Math.max(0, size - head.length() - tail.length())) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / (double) TimeUnit.SECONDS.toNanos(1);
    }
}
