package io.incidentfeeds.brokers;

import com.hivemq.embedded.EmbeddedHiveMQ;
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
    private EmbeddedHiveMQ hivemq;

    /** A TLS listener: a JKS/PKCS12 key store with the broker's key, and optionally a trust store for client certificates. */
    public record Tls(int port, Path keyStore, String keyStorePassword, String keyPassword,
                      Path trustStore, String trustStorePassword, boolean requireClientCertificate) {
    }

    public EmbeddedMqttBroker(Path folder, int port, Tls tls, long maxQueuedMessages) {
        this.folder = folder;
        this.port = port == 0 ? KafkaProcess.freePort() : port;
        this.tls = tls;
        this.maxQueuedMessages = maxQueuedMessages;
    }

    /** A plain-TCP broker on a free port with a 1,000,000-message queue per offline session. */
    public EmbeddedMqttBroker(Path folder) {
        this(folder, 0, null, 1_000_000);
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
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(config)
                    .withDataFolder(Files.createDirectories(folder.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(folder.resolve("extensions")))
                    .build();
            hivemq.start().get(60, TimeUnit.SECONDS);
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
