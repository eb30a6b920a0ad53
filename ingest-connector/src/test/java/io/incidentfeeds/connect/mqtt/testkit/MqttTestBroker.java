package io.incidentfeeds.connect.mqtt.testkit;

import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The MQTT broker a test talks to: HiveMQ CE in the test JVM (embedded-brokers'
 * {@link EmbeddedMqttBroker}), or, with {@code -Dincidentfeeds.mqtt.uri=tcp://127.0.0.1:1883}, a
 * broker that already runs, such as Debian's Mosquitto. Tests that must restart or reconfigure the
 * broker (TLS, restarts) run on the embedded one only.
 *
 * <p>The embedded broker takes only its accounts ({@link #credentials}, {@link #connectorAccount});
 * an external one is taken as it is configured: no credentials are sent to it.
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

    /** An agency's credentials on the embedded broker, made on first use; null for an external broker. */
    public MqttCredentials credentials(String agency) {
        return embedded != null ? embedded.credentials(agency) : null;
    }

    /** The HiveMQ client's sign-in as this agency; null (none) for an external broker. */
    public Mqtt5SimpleAuth auth(String agency) {
        return auth(credentials(agency));
    }

    /** The HiveMQ client's sign-in as the connector; null (none) for an external broker. */
    public Mqtt5SimpleAuth connectorAuth() {
        return auth(embedded != null ? embedded.connectorCredentials() : null);
    }

    /** The connector's {@code mqtt.username} and {@code mqtt.password} settings; none for an external broker. */
    public Map<String, String> connectorAccount() {
        return connectorAccount(embedded != null ? embedded.connectorCredentials() : null);
    }

    /** {@code mqtt.username} and {@code mqtt.password} for these credentials; none for null. */
    public static Map<String, String> connectorAccount(MqttCredentials credentials) {
        Map<String, String> config = new HashMap<>();
        if (credentials != null) {
            config.put("mqtt.username", credentials.username());
            config.put("mqtt.password", credentials.password());
        }
        return config;
    }

    /** A HiveMQ client sign-in with these credentials; null for null. */
    public static Mqtt5SimpleAuth auth(MqttCredentials credentials) {
        return credentials == null ? null : Mqtt5SimpleAuth.builder().username(credentials.username())
                .password(credentials.password().getBytes(StandardCharsets.UTF_8)).build();
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
