package io.incidentfeeds.brokers;

import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import io.incidentfeeds.brokers.mqtt.AccountsExtension;
import io.incidentfeeds.brokers.mqtt.MqttAccounts;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MQTT 3.1.1 / 5 broker (HiveMQ Community Edition, embedded) on 127.0.0.1, with file
 * persistence in its data folder, so that it can be stopped and started again with persistent
 * sessions and their queued messages intact.
 *
 * <p>Clients sign in with an account of its {@link MqttAccounts}: each agency publishes only its own
 * telemetry, the connector only subscribes (the deployment's Mosquitto rules). A test gets working
 * credentials from {@link #credentials(String)} and {@link #connectorCredentials()}; only
 * {@link MqttAccounts#anonymous()} opens the broker to anyone.
 *
 * <p>HiveMQ queues at most 1,000 messages per offline persistent session by default and then
 * discards: here the queue bound is configurable and large by default, because a connector that is
 * down for a minute during a surge must find every message waiting when it comes back.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final Path folder;
    private final int port;
    private final Tls tls;
    private final long maxQueuedMessages;
    private final MqttAccounts accounts;
    private EmbeddedHiveMQ hivemq;

    /**
     * HiveMQ hands an embedded extension its services through static fields, set while the broker
     * starts: brokers in one JVM start one at a time, so each extension registers with its own.
     */
    private static final Object STARTING = new Object();

    /** A TLS listener: a JKS/PKCS12 key store with the broker's key, and optionally a trust store for client certificates. */
    public record Tls(int port, Path keyStore, String keyStorePassword, String keyPassword,
                      Path trustStore, String trustStorePassword, boolean requireClientCertificate) {
    }

    public EmbeddedMqttBroker(Path folder, int port, Tls tls, long maxQueuedMessages, MqttAccounts accounts) {
        if (accounts == null) {
            throw new IllegalArgumentException("accounts are required; MqttAccounts.anonymous() opens the broker to anyone");
        }
        this.folder = folder;
        this.port = port == 0 ? KafkaProcess.freePort() : port;
        this.tls = tls;
        this.maxQueuedMessages = maxQueuedMessages;
        this.accounts = accounts;
    }

    /**
     * A plain-TCP broker on a free port with a 1,000,000-message queue per offline session, and no
     * account until {@link #credentials} or {@link #accounts()} makes some.
     */
    public EmbeddedMqttBroker(Path folder) {
        this(folder, 0, null, 1_000_000, new MqttAccounts());
    }

    /** Who may sign in; accounts may be added while the broker runs. */
    public MqttAccounts accounts() {
        return accounts;
    }

    /** An agency's credentials, made on first call ({@link MqttAccounts#credentials}). */
    public MqttCredentials credentials(String agencyId) {
        return accounts.credentials(agencyId);
    }

    /** The connector's credentials, made on first call. */
    public MqttCredentials connectorCredentials() {
        return accounts.connectorCredentials();
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:port}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** {@code ssl://127.0.0.1:tlsPort}, when a TLS listener is configured. */
    public String tlsUri() {
        if (tls == null) {
            throw new IllegalStateException("no TLS listener configured");
        }
        return "ssl://127.0.0.1:" + tls.port();
    }

    public synchronized Duration start() {
        long begin = System.nanoTime();
        try {
            Path config = Files.createDirectories(folder.resolve("conf"));
            Files.writeString(config.resolve("config.xml"), configXml());
            EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(config)
                    .withDataFolder(Files.createDirectories(folder.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(folder.resolve("extensions")));
            if (accounts.isAnonymous()) {
                LOG.warn("MQTT broker at {} takes anonymous clients: anyone may publish for any agency", uri());
            } else {
                builder = builder.withEmbeddedExtension(AccountsExtension.of(accounts));
            }
            hivemq = builder.build();
            synchronized (STARTING) {
                hivemq.start().get(60, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded MQTT broker", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("MQTT broker (HiveMQ CE embedded) ready at {} in {} ms", uri(), took.toMillis());
        return took;
    }

    /** Stops the broker; persistent sessions and queued messages stay in the data folder. */
    public synchronized void stop() {
        if (hivemq != null) {
            try {
                hivemq.stop().get(60, TimeUnit.SECONDS);
                hivemq.close();
            } catch (Exception e) {
                LOG.warn("MQTT broker did not stop cleanly", e);
            }
            hivemq = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private String configXml() {
        StringBuilder listeners = new StringBuilder("""
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                """.formatted(port));
        if (tls != null) {
            listeners.append("""
                        <tls-tcp-listener>
                          <port>%d</port>
                          <bind-address>127.0.0.1</bind-address>
                          <tls>
                            <keystore>
                              <path>%s</path>
                              <password>%s</password>
                              <private-key-password>%s</private-key-password>
                            </keystore>
                    %s
                            <client-authentication-mode>%s</client-authentication-mode>
                          </tls>
                        </tls-tcp-listener>
                    """.formatted(tls.port(), tls.keyStore(), tls.keyStorePassword(), tls.keyPassword(),
                    tls.trustStore() == null ? "" : """
                                    <truststore>
                                      <path>%s</path>
                                      <password>%s</password>
                                    </truststore>
                            """.formatted(tls.trustStore(), tls.trustStorePassword()),
                    tls.requireClientCertificate() ? "REQUIRED" : "NONE"));
        }
        return """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                %s  </listeners>
                  <mqtt>
                    <queued-messages>
                      <max-queue-size>%d</max-queue-size>
                      <strategy>discard</strategy>
                    </queued-messages>
                  </mqtt>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(listeners, maxQueuedMessages);
    }
}
