package io.incidentfeeds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import io.incidentfeeds.simulator.publish.MqttPublisher;
import io.incidentfeeds.simulator.scenario.ScenarioConfig;
import io.incidentfeeds.simulator.scenario.ScenarioGenerator;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher that signs in keeps signing in when it reconnects by itself: publishes made while the
 * broker was down are all acknowledged once it is back. (With the credentials on the first CONNECT
 * only, the HiveMQ client's automatic reconnects went without them and were refused for good.)
 */
class MqttPublisherReconnectTest {

    @Test
    void aSignedInPublisherReconnectsAfterABrokerRestartAndLosesNothing(@TempDir Path dir) throws Exception {
        try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker(dir)) {
            broker.start();
            MqttCredentials sffd = broker.credentials("sffd");
            ScenarioGenerator scenario = new ScenarioGenerator(ScenarioConfig.defaults(1, Instant.now(), 10));
            try (MqttPublisher publisher = new MqttPublisher(URI.create(broker.uri()), "reconnecting-unit",
                    sffd.username() + ":" + sffd.password(), 1, 200)) {
                publishOwn(publisher, scenario, 5);
                assertThat(publisher.drain(Duration.ofSeconds(30))).isTrue();
                broker.stop();
                publishOwn(publisher, scenario, 5);
                broker.start();
                assertThat(publisher.drain(Duration.ofSeconds(60))).as("every publish acknowledged after the restart").isTrue();
                // drain() returns when the permits are back; the count follows a moment later.
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (publisher.acknowledged() < 10 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(publisher.acknowledged()).isEqualTo(10);
                assertThat(publisher.failed()).isZero();
            }
        }
    }

    /** Publishes the scenario's next {@code count} messages of sffd, the agency signed in. */
    private static void publishOwn(MqttPublisher publisher, ScenarioGenerator scenario, int count) throws InterruptedException {
        for (int sent = 0; sent < count; ) {
            SimulatedMessage message = scenario.next();
            if (message.topic().startsWith("incident/sffd/")) {
                publisher.publish(message);
                sent++;
            }
        }
    }
}
