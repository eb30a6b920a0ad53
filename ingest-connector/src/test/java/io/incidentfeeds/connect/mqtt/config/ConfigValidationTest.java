package io.incidentfeeds.connect.mqtt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.incidentfeeds.connect.mqtt.MqttSourceConnector;
import io.incidentfeeds.connect.mqtt.session.LinkSettings;
import io.incidentfeeds.connect.mqtt.testkit.TlsMaterial;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A bad configuration fails validation with a message on the key to change, before any connection
 * is tried: through {@code Connector.validate} (what the REST API's validation calls) and again when
 * the connector starts.
 */
class ConfigValidationTest {

    @TempDir
    static Path dir;
    private static final TlsMaterial tls = TlsMaterial.shared();

    private static Map<String, String> valid() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "validation");
        props.put("tasks.max", "1");
        props.put("mqtt.server.uri", "tcp://127.0.0.1:1883");
        return props;
    }

    /** Validation errors by key, as the worker would report them. */
    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new MqttSourceConnector().validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> props = valid();
        props.put(key, value);
        return props;
    }

    @Test
    void theDefaultsWithOneBrokerAreValid() {
        assertThat(errors(valid())).isEmpty();
        MqttSourceConfig config = MqttSourceConfig.parseAndCheck(valid());
        assertThat(config.topicFilters()).containsExactly("incident/+/+/telemetry");
        assertThat(config.kafkaTopic()).isEqualTo("incidents.raw");
        assertThat(config.qos()).isEqualTo(1);
        assertThat(config.cleanSession()).isFalse();
        assertThat(config.maxPayloadBytes()).isEqualTo(262_144);
        assertThat(config.clientId()).isEqualTo("validation-0");
    }

    @Test
    void anUnknownUriSchemeIsRejectedOnTheUriKey() {
        Map<String, List<String>> errors = errors(with("mqtt.server.uri", "tcp://a:1883,ws://b:80"));
        assertThat(errors).containsOnlyKeys("mqtt.server.uri");
        assertThat(errors.get("mqtt.server.uri").get(0))
                .contains("mqtt.server.uri").contains("unknown scheme 'ws'").contains("tcp://").contains("ssl://");
    }

    @Test
    void aMissingBrokerUriIsRejected() {
        Map<String, String> props = valid();
        props.remove("mqtt.server.uri");
        assertThat(errors(props)).containsKey("mqtt.server.uri");
    }

    @Test
    void credentialsInTheUriAreRejectedWithoutEchoingThem() {
        Map<String, List<String>> errors = errors(with("mqtt.server.uri", "tcp://ingest:s3cret@broker:1883"));
        assertThat(errors.get("mqtt.server.uri").get(0))
                .contains("mqtt.server.uri").contains("mqtt.username").contains("mqtt.password").doesNotContain("s3cret");
    }

    @Test
    void anEmptyTopicListIsRejectedOnTheTopicsKey() {
        Map<String, List<String>> errors = errors(with("mqtt.topics", ""));
        assertThat(errors).containsOnlyKeys("mqtt.topics");
        assertThat(errors.get("mqtt.topics").get(0)).contains("mqtt.topics").contains("at least one");
    }

    @Test
    void aMalformedTopicFilterIsRejected() {
        assertThat(errors(with("mqtt.topics", "incident/#/telemetry")).get("mqtt.topics").get(0)).contains("'#'");
        assertThat(errors(with("mqtt.topics", "incident/sf+/fire/telemetry")).get("mqtt.topics").get(0)).contains("'+'");
        assertThat(errors(with("mqtt.topics", "$share/g/incident/#")).get("mqtt.topics").get(0))
                .contains("mqtt.shared.subscription.group");
    }

    @Test
    void aQosOutsideZeroToTwoIsRejected() {
        assertThat(errors(with("mqtt.qos", "3"))).containsOnlyKeys("mqtt.qos");
    }

    @Test
    void aTrustStorePathThatDoesNotExistIsRejectedOnItsKey() {
        Map<String, List<String>> errors = errors(with("mqtt.ssl.trust.store.path", dir.resolve("nope.p12").toString()));
        assertThat(errors).containsOnlyKeys("mqtt.ssl.trust.store.path");
        assertThat(errors.get("mqtt.ssl.trust.store.path").get(0))
                .contains("mqtt.ssl.trust.store.path").contains("no such file").contains("nope.p12");
    }

    @Test
    void aTrustStoreWithTheWrongPasswordIsRejected() {
        Map<String, String> props = with("mqtt.ssl.trust.store.path", tls.clientTrustStore().toString());
        props.put("mqtt.ssl.trust.store.password", "wrong");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors).containsOnlyKeys("mqtt.ssl.trust.store.path");
        assertThat(errors.get("mqtt.ssl.trust.store.path").get(0)).contains("mqtt.ssl.trust.store.password");

        props.put("mqtt.ssl.trust.store.password", tls.password());
        assertThat(errors(props)).isEmpty();
    }

    @Test
    void aKeyStoreWithoutAPrivateKeyOrWithTheWrongKeyPasswordIsRejected() {
        Map<String, String> props = with("mqtt.ssl.key.store.path", tls.clientTrustStore().toString());
        props.put("mqtt.ssl.key.store.password", tls.password());
        assertThat(errors(props).get("mqtt.ssl.key.store.path").get(0)).contains("no private key");

        props.put("mqtt.ssl.key.store.path", tls.clientKeyStore().toString());
        props.put("mqtt.ssl.key.password", "wrong");
        assertThat(errors(props)).containsOnlyKeys("mqtt.ssl.key.password");

        props.remove("mqtt.ssl.key.password");
        assertThat(errors(props)).isEmpty();
    }

    @Test
    void aBackoffCeilingBelowItsStartIsRejected() {
        Map<String, String> props = with("mqtt.reconnect.backoff.initial.ms", "5000");
        props.put("mqtt.reconnect.backoff.max.ms", "1000");
        assertThat(errors(props)).containsOnlyKeys("mqtt.reconnect.backoff.max.ms");
    }

    @Test
    void severalTasksNeedMqtt5() {
        Map<String, String> props = with("tasks.max", "2");
        props.put("mqtt.version", "3.1.1");
        assertThat(errors(props).get("mqtt.version").get(0)).contains("shared subscriptions");
        props.put("mqtt.version", "5");
        assertThat(errors(props)).isEmpty();
    }

    @Test
    void startingWithABadConfigurationFailsWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> new MqttSourceConnector().start(with("mqtt.server.uri", "http://broker")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.server.uri");
        Map<String, String> props = with("tasks.max", "3");
        props.put("mqtt.version", "3.1.1");
        assertThatThrownBy(() -> new MqttSourceConnector().start(props))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.version");
    }

    @Test
    void thePasswordsAreNeverLogged() {
        Map<String, String> props = valid();
        props.put("mqtt.username", "ingest");
        props.put("mqtt.password", "pa55-mqtt");
        props.put("mqtt.ssl.trust.store.path", tls.clientTrustStore().toString());
        props.put("mqtt.ssl.trust.store.password", tls.password());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger kafkaConfig = (Logger) LoggerFactory.getLogger("org.apache.kafka.common.config");
        Level before = kafkaConfig.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        kafkaConfig.setLevel(Level.INFO); // AbstractConfig logs every value at INFO
        try {
            MqttSourceConfig config = MqttSourceConfig.parseAndCheck(props);
            LoggerFactory.getLogger(ConfigValidationTest.class).info("settings: {}", LinkSettings.from(config));
        } finally {
            root.detachAppender(captured);
            kafkaConfig.setLevel(before);
        }
        String logged = captured.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
        assertThat(logged).contains("mqtt.password = [hidden]").contains("ingest");
        assertThat(logged).doesNotContain("pa55-mqtt").doesNotContain(tls.password());
    }
}
