package io.incidentfeeds.connect.mqtt.testkit;

import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The MQTT broker a test talks to: HiveMQ CE in the test JVM (embedded-brokers'
 * {@link EmbeddedMqttBroker}), or, with {@code -Dincidentfeeds.mqtt.uri=tcp://127.0.0.1:1883}, a
 * broker that already runs, such as Debian's Mosquitto. Tests that must restart or reconfigure the
 * broker (TLS, restarts) run on the embedded one only.
 */
public final class MqttTestBroker implements AutoCloseable {

    public static final String EXTERNAL_URI_PROPERTY = "incidentfeeds.mqtt.uri";

    private final EmbeddedMqttBroker embedded;
    private final String externalUri;

    private MqttTestBroker(EmbeddedMqttBroker embedded, String externalUri) {
        this.embedded = embedded;
        this.externalUri = externalUri;
    }

    /** The configured external broker, or a new embedded one with its data in {@code dir}. */
    public static MqttTestBroker start(Path dir) {
        String external = System.getProperty(EXTERNAL_URI_PROPERTY, "").trim();
        if (!external.isEmpty()) {
            return new MqttTestBroker(null, external);
        }
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(dir);
        broker.start();
        return new MqttTestBroker(broker, null);
    }

    public static boolean externalConfigured() {
        return !System.getProperty(EXTERNAL_URI_PROPERTY, "").isBlank();
    }

    /** Skips the calling test when it needs to control the broker and an external one is configured. */
    public static void assumeEmbedded() {
        Assumptions.assumeFalse(externalConfigured(), "needs the embedded broker (restarts it or changes its listeners)");
    }

    public String uri() {
        return embedded != null ? embedded.uri() : externalUri;
    }

    public String host() {
        return java.net.URI.create(uri()).getHost();
    }

    public int port() {
        return java.net.URI.create(uri()).getPort();
    }

    public EmbeddedMqttBroker embedded() {
        if (embedded == null) {
            throw new IllegalStateException("not the embedded broker");
        }
        return embedded;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
