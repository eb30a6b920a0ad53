package io.incidentfeeds.connect.mqtt.config;

import io.incidentfeeds.schemas.topics.MqttTopic;
import io.incidentfeeds.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's configuration. Keys that Confluent's MQTT source connector has keep its names, so
 * that its configuration runs here unchanged; the others follow the same {@code mqtt.*} style.
 * Every key is documented here once: the README's table is checked against this definition.
 */
public final class MqttSourceConfig extends AbstractConfig {

    public static final String SERVER_URI = "mqtt.server.uri";
    public static final String CLIENT_ID = "mqtt.client.id";
    public static final String VERSION = "mqtt.version";
    public static final String USERNAME = "mqtt.username";
    public static final String PASSWORD = "mqtt.password";
    public static final String CLEAN_SESSION = "mqtt.clean.session.enabled";
    public static final String SESSION_EXPIRY = "mqtt.session.expiry.interval.seconds";
    public static final String CONNECT_TIMEOUT = "mqtt.connect.timeout.seconds";
    public static final String KEEPALIVE = "mqtt.keepalive.interval.seconds";
    public static final String BACKOFF_INITIAL = "mqtt.reconnect.backoff.initial.ms";
    public static final String BACKOFF_MAX = "mqtt.reconnect.backoff.max.ms";

    public static final String TOPICS = "mqtt.topics";
    public static final String QOS = "mqtt.qos";
    public static final String SHARE_GROUP = "mqtt.shared.subscription.group";

    public static final String KAFKA_TOPIC = "kafka.topic";
    public static final String MAX_PAYLOAD = "mqtt.max.payload.bytes";
    public static final String MAX_INFLIGHT = "mqtt.max.inflight.messages";

    public static final String TRUST_STORE_PATH = "mqtt.ssl.trust.store.path";
    public static final String TRUST_STORE_PASSWORD = "mqtt.ssl.trust.store.password";
    public static final String KEY_STORE_PATH = "mqtt.ssl.key.store.path";
    public static final String KEY_STORE_PASSWORD = "mqtt.ssl.key.store.password";
    public static final String KEY_PASSWORD = "mqtt.ssl.key.password";

    /** Set by the connector on each task's copy of the configuration, never by an operator (not in the ConfigDef). */
    public static final String TASK_INDEX = "mqtt.task.index";
    public static final String TASK_COUNT = "mqtt.task.count";
    /** The connector's name, which Connect puts in every connector and task configuration. */
    public static final String CONNECTOR_NAME = "name";

    public static final String VERSION_5 = "5";
    public static final String VERSION_3_1_1 = "3.1.1";

    private static final String CONNECTION = "Connection";
    private static final String SUBSCRIPTION = "Subscription";
    private static final String DELIVERY = "Delivery";
    private static final String SECURITY = "Security";

    public static final ConfigDef CONFIG_DEF = definition();

    public MqttSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(SERVER_URI, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Validators.serverUris(), Importance.HIGH,
                "MQTT brokers, tcp://host:port (plain) or ssl://host:port (TLS). With more than one the connector"
                        + " tries them in order on every (re)connection and stays on the first that accepts it.",
                CONNECTION, ++order, Width.LONG, "Broker URIs");
        def.define(CLIENT_ID, Type.STRING, "", Importance.HIGH,
                "Base of the MQTT client identifier; task i connects as '<base>-<i>'. Empty: the connector's name."
                        + " Keep it stable: the broker keeps a persistent session, and the messages queued in it"
                        + " while the connector is down, under this identifier.",
                CONNECTION, ++order, Width.MEDIUM, "Client id");
        def.define(VERSION, Type.STRING, VERSION_5, ConfigDef.ValidString.in(VERSION_5, VERSION_3_1_1), Importance.MEDIUM,
                "MQTT protocol version, 5 or 3.1.1. Version 5 gives broker-side flow control (receive maximum),"
                        + " session expiry and the shared subscriptions that tasks.max > 1 needs.",
                CONNECTION, ++order, Width.SHORT, "MQTT version");
        def.define(CLEAN_SESSION, Type.BOOLEAN, false, Importance.MEDIUM,
                "false (default): a persistent session, so the broker queues messages while the connector is down"
                        + " and redelivers those it had not acknowledged. true: every connection starts empty, and"
                        + " what is published or in flight while disconnected is lost.",
                CONNECTION, ++order, Width.SHORT, "Clean session");
        def.define(SESSION_EXPIRY, Type.LONG, 604_800L, ConfigDef.Range.between(0, 4_294_967_295L), Importance.LOW,
                "MQTT 5 only: how long the broker keeps the persistent session (and queues for it) after the"
                        + " connector disconnects. Ignored with a clean session.",
                CONNECTION, ++order, Width.SHORT, "Session expiry (s)");
        def.define(CONNECT_TIMEOUT, Type.INT, 30, ConfigDef.Range.between(1, 3600), Importance.LOW,
                "Seconds to wait for the TCP/TLS connection and the broker's CONNACK.",
                CONNECTION, ++order, Width.SHORT, "Connect timeout (s)");
        def.define(KEEPALIVE, Type.INT, 60, ConfigDef.Range.between(0, 65_535), Importance.LOW,
                "MQTT keep-alive interval in seconds (0 disables it).",
                CONNECTION, ++order, Width.SHORT, "Keep-alive (s)");
        def.define(BACKOFF_INITIAL, Type.LONG, 500L, ConfigDef.Range.between(1, 3_600_000), Importance.LOW,
                "Delay before the first reconnection attempt; it doubles per failed attempt, with random jitter.",
                CONNECTION, ++order, Width.SHORT, "Reconnect back-off, first (ms)");
        def.define(BACKOFF_MAX, Type.LONG, 30_000L, ConfigDef.Range.between(1, 3_600_000), Importance.LOW,
                "Upper bound of the reconnection delay (at least " + BACKOFF_INITIAL + ").",
                CONNECTION, ++order, Width.SHORT, "Reconnect back-off, max (ms)");

        order = 0;
        def.define(TOPICS, Type.LIST, MqttTopic.FILTER, Validators.topicFilters(), Importance.HIGH,
                "MQTT topic filters to subscribe to (wildcards + and # allowed).",
                SUBSCRIPTION, ++order, Width.LONG, "Topic filters");
        def.define(QOS, Type.INT, 1, ConfigDef.Range.between(0, 2), Importance.HIGH,
                "Subscription QoS. 1 or 2: nothing is lost (at least once into Kafka). 0: messages are neither"
                        + " acknowledged nor redelivered, and are dropped when the in-flight bound is reached.",
                SUBSCRIPTION, ++order, Width.SHORT, "QoS");
        def.define(SHARE_GROUP, Type.STRING, "", Validators.shareGroup(), Importance.LOW,
                "With tasks.max > 1 every task subscribes to $share/<group>/<filter> (MQTT 5 shared subscription),"
                        + " so that the broker gives each message to one task. Empty: the connector's name.",
                SUBSCRIPTION, ++order, Width.MEDIUM, "Shared subscription group");

        order = 0;
        def.define(KAFKA_TOPIC, Type.STRING, Topics.RAW, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "Kafka topic the records are written to (key: MQTT topic; value: payload bytes; mqtt.* headers).",
                DELIVERY, ++order, Width.MEDIUM, "Kafka topic");
        def.define(MAX_PAYLOAD, Type.INT, 262_144, ConfigDef.Range.between(0, 268_435_455), Importance.MEDIUM,
                "Largest payload written whole. A larger one is written with an empty value and the header"
                        + " mqtt.payload.oversize.bytes, so that it is dead-lettered instead of lost.",
                DELIVERY, ++order, Width.SHORT, "Max payload (bytes)");
        def.define(MAX_INFLIGHT, Type.INT, 1000, ConfigDef.Range.between(1, 65_535), Importance.MEDIUM,
                "Messages a task holds that Kafka has not acknowledged yet. With MQTT 5 it is the receive maximum"
                        + " the broker must respect: when Kafka is slow or down the broker stops sending and queues.",
                DELIVERY, ++order, Width.SHORT, "In-flight bound");

        order = 0;
        def.define(USERNAME, Type.STRING, "", Importance.HIGH,
                "User name to connect with; blank to connect without one.",
                SECURITY, ++order, Width.MEDIUM, "User name");
        def.define(PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                "Password to connect with; blank for none. Never logged.",
                SECURITY, ++order, Width.MEDIUM, "Password");
        def.define(TRUST_STORE_PATH, Type.STRING, "", Validators.readableFileOrEmpty(), Importance.HIGH,
                "JKS or PKCS12 trust store with the certificates that validate the broker's (ssl:// URIs)."
                        + " Blank: the JVM's default trust store.",
                SECURITY, ++order, Width.LONG, "Trust store");
        def.define(TRUST_STORE_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                "Password of the trust store.",
                SECURITY, ++order, Width.MEDIUM, "Trust store password");
        def.define(KEY_STORE_PATH, Type.STRING, "", Validators.readableFileOrEmpty(), Importance.HIGH,
                "JKS or PKCS12 key store with the client's private key and certificate, for mutual TLS.",
                SECURITY, ++order, Width.LONG, "Key store");
        def.define(KEY_STORE_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                "Password of the key store.",
                SECURITY, ++order, Width.MEDIUM, "Key store password");
        def.define(KEY_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                "Password of the private key in the key store; blank: the key store's password.",
                SECURITY, ++order, Width.MEDIUM, "Key password");

        return def;
    }

    public List<ServerUri> serverUris() {
        return getList(SERVER_URI).stream().map(ServerUri::parse).toList();
    }

    public List<String> topicFilters() {
        return getList(TOPICS);
    }

    public int qos() {
        return getInt(QOS);
    }

    public boolean mqtt5() {
        return VERSION_5.equals(getString(VERSION));
    }

    public boolean cleanSession() {
        return getBoolean(CLEAN_SESSION);
    }

    public long sessionExpirySeconds() {
        return getLong(SESSION_EXPIRY);
    }

    public Duration connectTimeout() {
        return Duration.ofSeconds(getInt(CONNECT_TIMEOUT));
    }

    public int keepAliveSeconds() {
        return getInt(KEEPALIVE);
    }

    public Duration backoffInitial() {
        return Duration.ofMillis(getLong(BACKOFF_INITIAL));
    }

    public Duration backoffMax() {
        return Duration.ofMillis(getLong(BACKOFF_MAX));
    }

    public String kafkaTopic() {
        return getString(KAFKA_TOPIC);
    }

    public int maxPayloadBytes() {
        return getInt(MAX_PAYLOAD);
    }

    public int maxInFlight() {
        return getInt(MAX_INFLIGHT);
    }

    public String username() {
        return getString(USERNAME);
    }

    public Password password() {
        return getPassword(PASSWORD);
    }

    /**
     * The connector's name. Connect owns the key {@code name} (and validates it), so it is read from
     * the originals rather than defined here a second time.
     */
    public String connectorName() {
        String name = originalsStrings().get(CONNECTOR_NAME);
        return name == null || name.isBlank() ? "mqtt-source" : name.trim();
    }

    /** Which of the connector's tasks this is, 0-based; set by the connector, never by an operator. */
    public int taskIndex() {
        return intOriginal(TASK_INDEX, 0);
    }

    /** How many tasks the connector started; set by the connector. */
    public int taskCount() {
        return intOriginal(TASK_COUNT, 1);
    }

    private int intOriginal(String key, int fallback) {
        String value = originalsStrings().get(key);
        return value == null ? fallback : Integer.parseInt(value.trim());
    }

    /** This task's client identifier: stable across restarts, distinct per task. */
    public String clientId() {
        String base = getString(CLIENT_ID).isBlank() ? connectorName() : getString(CLIENT_ID).trim();
        return base + "-" + taskIndex();
    }

    /** The share name for {@code $share/{group}/...}, or empty when this connector runs one task. */
    public Optional<String> shareGroup() {
        return taskCount() <= 1 ? Optional.empty() : Optional.of(configuredShareGroup());
    }

    private String configuredShareGroup() {
        return getString(SHARE_GROUP).isBlank() ? connectorName() : getString(SHARE_GROUP).trim();
    }

    /** The filters this task subscribes to: shared ones when the connector runs several tasks. */
    public List<String> subscriptionFilters() {
        return shareGroup().map(this::sharedFilters).orElse(topicFilters());
    }

    /**
     * The other form of the same filters (plain when shared, shared when plain). A persistent session
     * keeps its subscriptions, so after tasks.max changes between 1 and more the old form would still
     * deliver a second copy of every message; the task unsubscribes it when it starts.
     */
    public List<String> staleFilters() {
        return shareGroup().isPresent() ? topicFilters() : sharedFilters(configuredShareGroup());
    }

    private List<String> sharedFilters(String group) {
        return topicFilters().stream().map(filter -> TopicFilters.shared(group, filter)).toList();
    }

    /** The TLS material, read when the first ssl:// connection is made. */
    public TlsSettings tls() {
        return new TlsSettings(getString(TRUST_STORE_PATH), getPassword(TRUST_STORE_PASSWORD),
                getString(KEY_STORE_PATH), getPassword(KEY_STORE_PASSWORD), getPassword(KEY_PASSWORD));
    }

    /** Checks the rules that involve more than one key; throws with the first problem's key in the message. */
    public static MqttSourceConfig parseAndCheck(Map<String, String> props) {
        MqttSourceConfig config = new MqttSourceConfig(props);
        List<CrossChecks.Problem> problems = CrossChecks.of(config, props);
        if (!problems.isEmpty()) {
            CrossChecks.Problem first = problems.get(0);
            throw new ConfigException(first.key(), props.get(first.key()), first.message());
        }
        return config;
    }
}
