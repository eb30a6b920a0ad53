package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorConfigs;
import io.incidentfeeds.connect.mqtt.testkit.Eventually;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MosquittoClients;
import io.incidentfeeds.connect.mqtt.testkit.MosquittoClients.Result;
import io.incidentfeeds.connect.mqtt.testkit.MqttTestBroker;
import io.incidentfeeds.connect.mqtt.testkit.RawTopic;
import io.incidentfeeds.connect.mqtt.testkit.TaskMetricsReader;
import io.incidentfeeds.connect.mqtt.testkit.TelemetryPublisher;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish authorization on the local stack's broker: the embedded HiveMQ with its accounts
 * (embedded-brokers' {@code MqttAccounts}), exercised with {@code mosquitto_pub}/{@code mosquitto_sub}
 * and the real connector. What HiveMQ answers a refused publish, per MQTT version and QoS, is
 * asserted as this broker really does it; it differs from Mosquitto's ({@link MosquittoAclTest}):
 * HiveMQ closes the connection after every refusal.
 */
@WithKafka
class EmbeddedBrokerAclTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String A = "sffd";
    private static final String B = "sfpd";

    @BeforeEach
    void needsItsOwnBroker() {
        MqttTestBroker.assumeEmbedded();
    }

    /**
     * Every refused publish, whatever its MQTT version and QoS, and the connector's own, never
     * becomes a record; the allowed ones all do, and the connector received nothing else.
     */
    @Test
    void aRefusedPublishIsAnsweredPerVersionAndQosAndNeverReachesKafka(KafkaBroker kafka, @TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker(dir.resolve("mqtt"))) {
            mqtt.start();
            String topic = kafka.createTopic("incidents.raw-hivemq-acl-" + run, 1, Map.of());
            String name = "hivemq-acl-" + run;
            Map<String, String> config = ConnectorConfigs.of(name, mqtt.uri(), "incident/+/+/telemetry", topic);
            config.putAll(MqttTestBroker.connectorAccount(mqtt.connectorCredentials()));
            try (InProcessWorker worker = InProcessWorker.startConnector(kafka.bootstrapServers(), dir.resolve("worker"), name, config, TIMEOUT)) {
                List<String> refused = new ArrayList<>();
                // MQTT 5: QoS 1 and 2 are answered 0x87 "Not authorized", QoS 0 is not answered; then DISCONNECT 0x87.
                // The second publish of each is never sent: the broker closed the connection after the first.
                Result v5q0 = publishTwice(mqtt, mqtt.credentials(A), topic(B), id(run, refused, "5-0"), B, "5", "0");
                assertThat(v5q0.stdout()).as("%s", v5q0).contains("Received DISCONNECT (135)").doesNotContain("received PUBACK", "m2,");
                Result v5q1 = publishTwice(mqtt, mqtt.credentials(A), topic(B), id(run, refused, "5-1"), B, "5", "1");
                assertThat(v5q1.stdout()).as("%s", v5q1).contains("received PUBACK (Mid: 1, RC:135)", "Received DISCONNECT (135)")
                        .doesNotContain("m2,");
                assertThat(v5q1.stderr()).contains("Warning: Publish 1 failed: Not authorized.");
                Result v5q2 = publishTwice(mqtt, mqtt.credentials(A), topic(B), id(run, refused, "5-2"), B, "5", "2");
                assertThat(v5q2.stdout()).as("%s", v5q2).contains("received PUBREC (Mid: 1)", "Received DISCONNECT (135)")
                        .doesNotContain("sending PUBREL", "m2,");
                assertThat(v5q2.stderr()).contains("Warning: Publish 1 failed: Not authorized.");
                // MQTT 3.1.1 has no reason codes: the connection is closed, nothing acknowledges the publish.
                for (String qos : List.of("0", "1", "2")) {
                    Result v311 = publishTwice(mqtt, mqtt.credentials(A), topic(B), id(run, refused, "311-" + qos), B, "311", qos);
                    assertThat(v311.stdout()).as("%s", v311).doesNotContain("received PUBACK", "received PUBREC", "m2,");
                    assertThat(v311.stderr()).contains("Error: The connection was lost.");
                    assertThat(v311.exitCode()).isNotZero();
                }
                // The connector's account publishes nothing, not even on a topic named after it.
                for (String connectorsTopic : List.of(topic(A), "incident/ingest-connector/fire/telemetry")) {
                    Result own = publishTwice(mqtt, mqtt.connectorCredentials(), connectorsTopic, id(run, refused, "connector"), A, "5", "1");
                    assertThat(own.stdout()).as("%s", own).contains("received PUBACK (Mid: 1, RC:135)");
                }
                // Strangers: CONNACK "not authorized" (MQTT 5: 0x87, 3.1.1: 5), as Mosquitto answers.
                for (MqttCredentials stranger : List.of(new MqttCredentials(B, mqtt.credentials(A).password()),
                        new MqttCredentials("nobody", "wrong-password-123"))) {
                    Result v5 = publish(mqtt, stranger, topic(B), id(run, refused, "stranger"), B, "5", "1");
                    assertThat(v5.stdout()).as("%s", v5).contains("received CONNACK (135)");
                    Result v311 = publish(mqtt, stranger, topic(B), id(run, refused, "stranger"), B, "311", "1");
                    assertThat(v311.stderr()).as("%s", v311).contains("Connection Refused: not authorised.");
                }
                Result anonymous = MosquittoClients.pub("-h", "127.0.0.1", "-p", Integer.toString(mqtt.port()), "-V", "5", "-q", "1",
                        "-t", topic(B), "-m", payload(id(run, refused, "anonymous"), B));
                assertThat(anonymous.stdout()).as("%s", anonymous).contains("received CONNACK (135)");

                List<String> allowed = new ArrayList<>();
                for (String version : List.of("5", "311")) {
                    for (String qos : List.of("0", "1", "2")) {
                        Result own = publish(mqtt, mqtt.credentials(A), topic(A), id(run, allowed, "own-" + version + "-" + qos), A, version, qos);
                        assertThat(own.exitCode()).as("%s", own).isZero();
                    }
                }
                RawTopic.Delivery delivery = RawTopic.awaitIds(kafka.bootstrapServers(), topic, allowed, TIMEOUT);
                Eventually.holds(TIMEOUT, "every record acknowledged",
                        () -> TaskMetricsReader.value(name, 0, "records-acknowledged-total") == allowed.size());
                assertThat(delivery.records()).extracting(r -> TelemetryPublisher.idIn(r.value()))
                        .containsExactlyInAnyOrderElementsOf(allowed).doesNotContainAnyElementsOf(refused);
                assertThat(RawTopic.size(kafka.bootstrapServers(), topic)).isEqualTo(allowed.size());
                assertThat(TaskMetricsReader.value(name, 0, "messages-received-total")).as("messages the connector received")
                        .isEqualTo(allowed.size());
            }
        }
    }

    /** Agencies read nothing (SUBACK 0x87, 3.1.1: 0x80); the connector reads telemetry and nothing wider. */
    @Test
    void agenciesMayNotSubscribeAndTheConnectorOnlyToTelemetry(@TempDir Path dir) throws Exception {
        try (EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker(dir.resolve("mqtt"))) {
            mqtt.start();
            MqttCredentials agency = mqtt.credentials(A);
            MqttCredentials connector = mqtt.connectorCredentials();
            assertThat(subscribe(mqtt, agency, "5", "incident/" + A + "/+/telemetry")).contains("Subscribed (mid: 1): 135");
            assertThat(subscribe(mqtt, agency, "311", "incident/" + A + "/+/telemetry")).contains("Subscribed (mid: 1): 128");
            assertThat(subscribe(mqtt, connector, "5", "#")).contains("Subscribed (mid: 1): 135");
            assertThat(subscribe(mqtt, connector, "5", "$share/ingest/incident/+/+/telemetry")).contains("Subscribed (mid: 1): 1");
        }
    }

    private static String subscribe(EmbeddedMqttBroker mqtt, MqttCredentials credentials, String version, String filter) {
        return MosquittoClients.subscribeOnce("-h", "127.0.0.1", "-p", Integer.toString(mqtt.port()), "-u", credentials.username(),
                "-P", credentials.password(), "-V", version, "-q", "1", "-t", filter).stdout();
    }

    /** Publishes once with {@code mosquitto_pub}. */
    private static Result publish(EmbeddedMqttBroker mqtt, MqttCredentials credentials, String topic, String id, String claimed,
                                  String version, String qos) {
        return MosquittoClients.pub("-h", "127.0.0.1", "-p", Integer.toString(mqtt.port()), "-u", credentials.username(),
                "-P", credentials.password(), "-V", version, "-q", qos, "-t", topic, "-m", payload(id, claimed));
    }

    /**
     * Publishes twice, a second apart, on one connection: what the broker did after the first
     * (refused) publish shows, also at QoS 0, which nothing answers.
     */
    private static Result publishTwice(EmbeddedMqttBroker mqtt, MqttCredentials credentials, String topic, String id,
                                       String claimed, String version, String qos) {
        return MosquittoClients.pub("-h", "127.0.0.1", "-p", Integer.toString(mqtt.port()), "-u", credentials.username(),
                "-P", credentials.password(), "-V", version, "-q", qos, "-t", topic, "-m", payload(id, claimed),
                "--repeat", "2", "--repeat-delay", "1");
    }

    /** A new id, noted in {@code ids}. */
    private static String id(String run, List<String> ids, String what) {
        String id = "INC-" + run + "-" + what + "-" + ids.size();
        ids.add(id);
        return id;
    }

    private static String topic(String agency) {
        return "incident/" + agency + "/fire/telemetry";
    }

    /** A payload that claims the topic's agency, so that the DLQ's agency check would let it through. */
    private static String payload(String id, String agency) {
        return "{\"incident_id\":\"" + id + "\",\"agency_id\":\"" + agency + "\"}";
    }
}
