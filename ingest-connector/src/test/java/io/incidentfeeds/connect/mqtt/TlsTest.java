package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.brokers.mqtt.MqttAccounts;
import io.incidentfeeds.connect.mqtt.session.SessionSupervisor;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorUnderTest;
import io.incidentfeeds.connect.mqtt.testkit.Eventually;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.TaskMetricsReader;
import io.incidentfeeds.connect.mqtt.testkit.TlsMaterial;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** ssl:// connections: the broker's certificate checked against the trust store, and mutual TLS. */
@WithKafka
class TlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final TlsMaterial tls = TlsMaterial.shared();

    @BeforeEach
    void needsItsOwnBroker() {
        MqttTestBroker.assumeEmbedded();
    }

    @Test
    void theConnectorTrustsTheBrokerThroughItsTrustStore(KafkaBroker kafka, @TempDir Path dir) {
        EmbeddedMqttBroker.Tls listener = new EmbeddedMqttBroker.Tls(KafkaProcess.freePort(), tls.brokerKeyStore(),
                tls.password(), tls.password(), null, null, false);
        try (EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker(dir.resolve("mqtt"), 0, listener, 1_000_000, new MqttAccounts())) {
            mqtt.start();
            Map<String, String> config = Map.of(
                    "mqtt.ssl.trust.store.path", tls.clientTrustStore().toString(),
                    "mqtt.ssl.trust.store.password", tls.password());
            deliversOverTls(kafka, dir, mqtt, config, "tls");
        }
    }

    @Test
    void mutualTlsPresentsTheClientCertificateAndIsRefusedWithoutIt(KafkaBroker kafka, @TempDir Path dir) {
        EmbeddedMqttBroker.Tls listener = new EmbeddedMqttBroker.Tls(KafkaProcess.freePort(), tls.brokerKeyStore(),
                tls.password(), tls.password(), tls.brokerTrustStore(), tls.password(), true);
        try (EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker(dir.resolve("mqtt"), 0, listener, 1_000_000, new MqttAccounts())) {
            mqtt.start();
            Map<String, String> trustOnly = Map.of(
                    "mqtt.ssl.trust.store.path", tls.clientTrustStore().toString(),
                    "mqtt.ssl.trust.store.password", tls.password());
            Map<String, String> withKey = new java.util.HashMap<>(trustOnly);
            withKey.put("mqtt.ssl.key.store.path", tls.clientKeyStore().toString());
            withKey.put("mqtt.ssl.key.store.password", tls.password());
            deliversOverTls(kafka, dir, mqtt, withKey, "mtls");

            // Without the client certificate the broker ends the handshake: the task says so, once.
            Logger logger = (Logger) LoggerFactory.getLogger(SessionSupervisor.class);
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            log.start();
            logger.addAppender(log);
            try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, mqtt.tlsUri(), "no-client-cert", 1)) {
                connector.config().putAll(trustOnly);
                connector.config().put("mqtt.connect.timeout.seconds", "3"); // the task waits this long for a first connection
                try (InProcessWorker worker = InProcessWorker.start(kafka.bootstrapServers(), dir.resolve("worker-2"))) {
                    worker.deploy(connector.name(), connector.config());
                    worker.awaitRunning(connector.name(), 1, TIMEOUT);
                    Eventually.holds(TIMEOUT, "a logged connection failure", () -> log.list.stream().anyMatch(e ->
                            e.getFormattedMessage().contains("cannot connect to " + mqtt.tlsUri())
                                    && e.getFormattedMessage().contains(connector.name())));
                    assertThat(TaskMetricsReader.value(connector.name(), 0, "connected")).isZero();
                }
            } finally {
                logger.detachAppender(log);
            }
        }
    }

    private static void deliversOverTls(KafkaBroker kafka, Path dir, EmbeddedMqttBroker mqtt,
                                        Map<String, String> tlsConfig, String prefix) {
        try (ConnectorUnderTest connector = ConnectorUnderTest.create(kafka, mqtt, mqtt.tlsUri(), prefix, 1)) {
            connector.config().putAll(tlsConfig);
            try (InProcessWorker worker = connector.startWorker(dir.resolve("worker-1"), TIMEOUT)) {
                connector.assertAllArrived("over TLS", connector.publisher().publishRange(0, 100), TIMEOUT);
            }
        }
    }
}
