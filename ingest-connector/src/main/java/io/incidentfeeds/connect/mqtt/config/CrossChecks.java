package io.incidentfeeds.connect.mqtt.config;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Rules that need more than one key, or more than the value itself (opening a store with its
 * password). They run in {@code Connector.validate} (so that the REST API shows them on the right
 * key) and again when the connector starts.
 */
public final class CrossChecks {

    /** Kafka Connect's own key for the number of tasks. */
    public static final String TASKS_MAX = "tasks.max";

    /** A problem attached to the key an operator has to change. */
    public record Problem(String key, String message) {
    }

    private CrossChecks() {
    }

    public static List<Problem> of(MqttSourceConfig config, Map<String, String> props) {
        List<Problem> problems = new ArrayList<>();
        if (config.backoffMax().compareTo(config.backoffInitial()) < 0) {
            problems.add(new Problem(MqttSourceConfig.BACKOFF_MAX, MqttSourceConfig.BACKOFF_MAX + " ("
                    + config.backoffMax().toMillis() + ") must be at least " + MqttSourceConfig.BACKOFF_INITIAL
                    + " (" + config.backoffInitial().toMillis() + ")"));
        }
        int tasks = Math.max(parseTasks(props.get(TASKS_MAX)), config.taskCount());
        if (tasks > 1 && !config.mqtt5()) {
            problems.add(new Problem(MqttSourceConfig.VERSION, "tasks.max = " + tasks + " needs shared subscriptions,"
                    + " which MQTT 3.1.1 does not define: set " + MqttSourceConfig.VERSION + "=5 or tasks.max=1"));
        }
        if (!config.mqtt5() && config.username().isBlank() && !config.password().value().isEmpty()) {
            problems.add(new Problem(MqttSourceConfig.USERNAME, "MQTT 3.1.1 sends a password only with a user name:"
                    + " set " + MqttSourceConfig.USERNAME));
        }
        TlsSettings tls = config.tls();
        if (tls.hasTrustStore()) {
            checkTrustStore(tls, problems);
        }
        if (tls.hasKeyStore()) {
            checkKeyStore(tls, problems);
        }
        return Collections.unmodifiableList(problems);
    }

    private static void checkTrustStore(TlsSettings tls, List<Problem> problems) {
        try {
            KeyStore store = Stores.load(tls.trustStorePath(), TlsSettings.chars(tls.trustStorePassword()));
            if (store.size() == 0) {
                problems.add(new Problem(MqttSourceConfig.TRUST_STORE_PATH, MqttSourceConfig.TRUST_STORE_PATH + ": "
                        + tls.trustStorePath() + " holds no certificate"));
            }
        } catch (IllegalArgumentException | KeyStoreException e) {
            problems.add(new Problem(MqttSourceConfig.TRUST_STORE_PATH, MqttSourceConfig.TRUST_STORE_PATH + ": "
                    + e.getMessage() + " (check also " + MqttSourceConfig.TRUST_STORE_PASSWORD + ")"));
        }
    }

    private static void checkKeyStore(TlsSettings tls, List<Problem> problems) {
        KeyStore store;
        try {
            store = Stores.load(tls.keyStorePath(), TlsSettings.chars(tls.keyStorePassword()));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(MqttSourceConfig.KEY_STORE_PATH, MqttSourceConfig.KEY_STORE_PATH + ": "
                    + e.getMessage() + " (check also " + MqttSourceConfig.KEY_STORE_PASSWORD + ")"));
            return;
        }
        try {
            boolean anyKey = false;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    anyKey = true;
                    // Throws UnrecoverableKeyException when mqtt.ssl.key.password is wrong.
                    store.getKey(alias, tls.effectiveKeyPassword());
                }
            }
            if (!anyKey) {
                problems.add(new Problem(MqttSourceConfig.KEY_STORE_PATH, MqttSourceConfig.KEY_STORE_PATH + ": "
                        + tls.keyStorePath() + " holds no private key"));
            }
        } catch (java.security.GeneralSecurityException e) {
            problems.add(new Problem(MqttSourceConfig.KEY_PASSWORD, MqttSourceConfig.KEY_PASSWORD
                    + ": cannot read the private key in " + tls.keyStorePath() + ": " + e.getMessage()));
        }
    }

    private static int parseTasks(String value) {
        try {
            return value == null ? 1 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 1; // Connect itself reports a malformed tasks.max.
        }
    }
}
