package io.incidentfeeds.connect.mqtt.testkit;

import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * What almost every test sets up: a fresh raw topic, a unique connector name, a publisher with its
 * own agency, and the operator-style configuration that ties them together (change it before
 * deploying).
 */
public final class ConnectorUnderTest implements AutoCloseable {

    private final KafkaBroker kafka;
    private final String topic;
    private final String name;
    private final TelemetryPublisher publisher;
    private final Map<String, String> config;

    private ConnectorUnderTest(KafkaBroker kafka, String prefix, int partitions, String connectorUri, String host, int port,
                               Function<String, MqttCredentials> agencies, Map<String, String> connectorAccount) {
        this.kafka = kafka;
        this.topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.raw"), partitions);
        this.name = prefix + "-" + System.nanoTime();
        this.publisher = new TelemetryPublisher(host, port, agencies);
        this.config = ConnectorConfigs.of(name, connectorUri, publisher.filter(), topic);
        config.putAll(connectorAccount);
    }

    /** The publisher signed in as its agency, the connector with its account (on an embedded broker). */
    public static ConnectorUnderTest create(KafkaBroker kafka, MqttTestBroker mqtt, String prefix, int partitions) {
        return new ConnectorUnderTest(kafka, prefix, partitions, mqtt.uri(), mqtt.host(), mqtt.port(), mqtt::credentials,
                mqtt.connectorAccount());
    }

    /** The connector on {@code connectorUri} (e.g. TLS), the publisher on the broker's plain port; both with their accounts. */
    public static ConnectorUnderTest create(KafkaBroker kafka, EmbeddedMqttBroker mqtt, String connectorUri, String prefix,
                                            int partitions) {
        return new ConnectorUnderTest(kafka, prefix, partitions, connectorUri, "127.0.0.1", mqtt.port(), mqtt::credentials,
                MqttTestBroker.connectorAccount(mqtt.connectorCredentials()));
    }

    public String topic() {
        return topic;
    }

    public String name() {
        return name;
    }

    public TelemetryPublisher publisher() {
        return publisher;
    }

    /** The connector's configuration; tests change it before {@link #startWorker}. */
    public Map<String, String> config() {
        return config;
    }

    /** A worker in this JVM running the connector, its tasks connected and subscribed. */
    public InProcessWorker startWorker(java.nio.file.Path dir, Duration timeout) {
        return InProcessWorker.startConnector(kafka.bootstrapServers(), dir, name, config, timeout);
    }

    /** Every published id reached the topic (duplicates allowed, counted and logged under {@code what}). */
    public RawTopic.Delivery assertAllArrived(String what, Collection<String> published, Duration timeout) {
        RawTopic.Delivery delivery = RawTopic.awaitIds(kafka.bootstrapServers(), topic, published, timeout);
        LoggerFactory.getLogger(ConnectorUnderTest.class).info("{}: {} published, {} records, {} duplicates", what,
                published.size(), delivery.records().size(), delivery.duplicates());
        if (delivery.copies().size() != published.size()) {
            throw new AssertionError(what + ": " + delivery.copies().size() + " distinct ids of " + published.size());
        }
        return delivery;
    }

    public long recordCount() {
        return RawTopic.size(kafka.bootstrapServers(), topic);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
