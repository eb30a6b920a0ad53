package io.incidentfeeds.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMqttBrokerTest {

    /**
     * A subscriber that is offline while 2,500 messages are published (more than HiveMQ's default
     * queue of 1,000 per session), then the broker restarts: the persistent session and every
     * queued message are still there.
     */
    @Test
    void aPersistentSessionKeepsEveryQueuedMessageAcrossABrokerRestart(@TempDir Path dir) throws Exception {
        try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker(dir)) {
            broker.start();
            MqttCredentials connector = broker.connectorCredentials();
            Mqtt5BlockingClient subscriber = client("durable-subscriber", broker.port());
            signIn(subscriber.connectWith(), connector).cleanStart(false).sessionExpiryInterval(3600).send();
            subscriber.subscribeWith().topicFilter("incident/+/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send();
            subscriber.disconnect();

            Mqtt5BlockingClient publisher = client("publisher", broker.port());
            signIn(publisher.connectWith(), broker.credentials("sffd")).send();
            for (int i = 0; i < 2500; i++) {
                publisher.publishWith().topic("incident/sffd/fire/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
            }
            publisher.disconnect();

            broker.stop();
            broker.start();

            Mqtt5BlockingClient again = client("durable-subscriber", broker.port());
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = again.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                assertThat(signIn(again.connectWith(), connector).cleanStart(false).sessionExpiryInterval(3600).send()
                        .isSessionPresent()).isTrue();
                Set<String> received = new HashSet<>();
                Optional<Mqtt5Publish> next;
                while (received.size() < 2500 && (next = publishes.receive(30, TimeUnit.SECONDS)).isPresent()) {
                    received.add(new String(next.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
                }
                assertThat(received).hasSize(2500).contains("m0", "m2499");
            }
            again.disconnect();
        }
    }

    private static Mqtt5ConnectBuilder.Send<Mqtt5ConnAck> signIn(Mqtt5ConnectBuilder.Send<Mqtt5ConnAck> connect,
                                                                 MqttCredentials credentials) {
        return connect.simpleAuth().username(credentials.username())
                .password(credentials.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
    }

    private static Mqtt5BlockingClient client(String id, int port) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }
}
