package io.incidentfeeds.brokers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounts enforced by the embedded HiveMQ, seen from an MQTT 5 client: who may connect,
 * publish and subscribe. ingest-connector's {@code EmbeddedBrokerAclTest} covers what each MQTT
 * version and QoS sees with {@code mosquitto_pub}, and that nothing refused reaches Kafka.
 */
class AccountsExtensionTest {

    @TempDir
    static Path dir;
    private static EmbeddedMqttBroker broker;

    @BeforeAll
    static void start() {
        broker = new EmbeddedMqttBroker(dir.resolve("mqtt"));
        broker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void strangersAndWrongPasswordsAreRefusedAtConnect() {
        MqttCredentials sffd = broker.credentials("sffd");
        MqttCredentials sfpd = broker.credentials("sfpd");
        Mqtt5BlockingClient anonymous = client("anonymous");
        assertThatThrownBy(anonymous::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        for (MqttCredentials wrong : new MqttCredentials[] {
                new MqttCredentials("sffd", sfpd.password()), new MqttCredentials("nobody", sffd.password())}) {
            assertThatThrownBy(() -> connect("wrong", wrong)).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                    e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        }
    }

    /**
     * A refused publish is answered "not authorized" and HiveMQ then closes the connection (unlike
     * Mosquitto, which keeps it open): the sender has to connect again.
     */
    @Test
    void onlyTheAgencysOwnTelemetryReachesTheConnector() throws Exception {
        Mqtt5BlockingClient connector = connect("connector", broker.connectorCredentials());
        try (Mqtt5BlockingClient.Mqtt5Publishes received = connector.publishes(MqttGlobalPublishFilter.ALL)) {
            connector.subscribeWith().topicFilter("incident/+/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5BlockingClient spoofer = connect("sffd-spoofer", broker.credentials("sffd"));
            assertThatThrownBy(() -> publish(spoofer, "incident/sfpd/fire/telemetry", "spoof"))
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            awaitDisconnected(spoofer);
            Mqtt5BlockingClient connectorAsPublisher = connect("connector-publisher", broker.connectorCredentials());
            assertThatThrownBy(() -> publish(connectorAsPublisher, "incident/sffd/fire/telemetry", "connector"))
                    .isInstanceOf(Mqtt5PubAckException.class);
            awaitDisconnected(connectorAsPublisher);
            // A will on another agency's topic is refused when the client connects.
            Mqtt5BlockingClient willSpoofer = client("sffd-will");
            assertThatThrownBy(() -> credentials(willSpoofer, broker.credentials("sffd")).willPublish()
                    .topic("incident/sfpd/fire/telemetry").payload(bytes("will")).applyWillPublish().send())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));

            Mqtt5BlockingClient sffd = connect("sffd-unit", broker.credentials("sffd"));
            publish(sffd, "incident/sffd/fire/telemetry", "own");
            sffd.disconnect();

            Optional<Mqtt5Publish> first = received.receive(30, TimeUnit.SECONDS);
            assertThat(first).map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).contains("own");
            assertThat(received.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            connector.disconnect();
        }
    }

    private static void awaitDisconnected(Mqtt5BlockingClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.getState().isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(client.getState().isConnected()).as("the broker closed the connection").isFalse();
    }

    @Test
    void agenciesReadNothingAndTheConnectorOnlyTelemetry() {
        Mqtt5BlockingClient sffd = connect("sffd-reader", broker.credentials("sffd"));
        Mqtt5BlockingClient connector = connect("connector-reader", broker.connectorCredentials());
        try {
            assertThatThrownBy(() -> sffd.subscribeWith().topicFilter("incident/sffd/+/telemetry").send())
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes())
                            .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
            assertThatThrownBy(() -> connector.subscribeWith().topicFilter("#").send()).isInstanceOf(Mqtt5SubAckException.class);
            assertThat(connector.subscribeWith().topicFilter("$share/ingest/incident/+/+/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .send().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        } finally {
            sffd.disconnect();
            connector.disconnect();
        }
    }

    @Test
    void anAnonymousBrokerTakesAnyone(@TempDir Path other) {
        try (EmbeddedMqttBroker open = new EmbeddedMqttBroker(other, 0, null, 1000, MqttAccounts.anonymous())) {
            open.start();
            Mqtt5BlockingClient anyone = MqttClient.builder().useMqttVersion5().identifier("anyone")
                    .serverHost("127.0.0.1").serverPort(open.port()).buildBlocking();
            anyone.connect();
            publish(anyone, "incident/sfpd/fire/telemetry", "anyone");
            anyone.disconnect();
        }
    }

    private static void publish(Mqtt5BlockingClient client, String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(payload)).send();
    }

    private static Mqtt5BlockingClient connect(String id, MqttCredentials credentials) {
        Mqtt5BlockingClient client = client(id);
        credentials(client, credentials).send();
        return client;
    }

    private static Mqtt5ConnectBuilder.Send<Mqtt5ConnAck> credentials(Mqtt5BlockingClient client, MqttCredentials credentials) {
        return client.connectWith().simpleAuth().username(credentials.username()).password(bytes(credentials.password())).applySimpleAuth();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Mqtt5BlockingClient client(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
    }
}
