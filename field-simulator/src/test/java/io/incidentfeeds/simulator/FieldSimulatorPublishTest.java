package io.incidentfeeds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import io.incidentfeeds.simulator.scenario.Agency;
import io.incidentfeeds.simulator.scenario.ScenarioConfig;
import io.incidentfeeds.simulator.scenario.ScenarioGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The simulator's messages reach a real MQTT broker's subscribers intact: the embedded HiveMQ with
 * its accounts, each agency signed in as itself ({@code --credentials-dir}), read by the connector's
 * account.
 */
class FieldSimulatorPublishTest {

    @Test
    void aSubscriberReceivesExactlyTheGeneratedScenario(@TempDir Path dir) throws Exception {
        try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker(dir)) {
            broker.start();
            List<String> received = new CopyOnWriteArrayList<>();
            MqttCredentials connector = broker.connectorCredentials();
            Mqtt5AsyncClient subscriber = MqttClient.builder().useMqttVersion5().identifier("test-subscriber")
                    .serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();
            subscriber.connectWith().simpleAuth().username(connector.username())
                    .password(connector.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send().get(30, TimeUnit.SECONDS);
            subscriber.subscribeWith().topicFilter("incident/+/+/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> received.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                    .send().get(30, TimeUnit.SECONDS);

            Path credentials = Files.createDirectories(dir.resolve("mqtt-agencies"));
            for (Agency agency : Agency.bayArea()) {
                Files.writeString(credentials.resolve(agency.id() + ".password"), broker.credentials(agency.id()).password());
            }
            int exit = new CommandLine(new FieldSimulator()).execute(
                    "--broker", broker.uri(), "--credentials-dir", credentials.toString(), "--count", "1500", "--rate", "3000",
                    "--seed", "11", "--start", "2026-11-22T10:00:00Z");
            assertThat(exit).isZero();

            ScenarioGenerator expected = new ScenarioGenerator(
                    ScenarioConfig.defaults(11, Instant.parse("2026-11-22T10:00:00Z"), 3000));
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                var m = expected.next();
                sent.add(m.topic() + " " + new String(m.payload(), StandardCharsets.UTF_8));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
            subscriber.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
}
