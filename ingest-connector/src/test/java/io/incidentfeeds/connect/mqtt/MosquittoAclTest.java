package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import io.incidentfeeds.connect.mqtt.testkit.ComposeMosquitto;
import io.incidentfeeds.connect.mqtt.testkit.ConnectorConfigs;
import io.incidentfeeds.connect.mqtt.testkit.Eventually;
import io.incidentfeeds.connect.mqtt.testkit.InProcessWorker;
import io.incidentfeeds.connect.mqtt.testkit.MosquittoClients;
import io.incidentfeeds.connect.mqtt.testkit.MosquittoClients.Result;
import io.incidentfeeds.connect.mqtt.testkit.MosquittoClients.Sub;
import io.incidentfeeds.connect.mqtt.testkit.RawTopic;
import io.incidentfeeds.connect.mqtt.testkit.TaskMetricsReader;
import io.incidentfeeds.connect.mqtt.testkit.TelemetryPublisher;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.testsupport.WithKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish authorization on the docker-compose deployment's broker: Debian's Mosquitto 2.0 running
 * deploy/mosquitto's configuration and ACL with the accounts and certificates deploy/make-secrets.sh
 * makes, exercised with clients this project did not write ({@code mosquitto_pub}/{@code
 * mosquitto_sub}, the HiveMQ client) and with the connector itself. An agency publishes its own
 * telemetry and nothing else; what Mosquitto answers a refused publish depends on the MQTT version
 * and QoS, and is asserted here as this broker really does it.
 */
@WithKafka
class MosquittoAclTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Agency A and agency B, and one whose secrets the rotation test renews. */
    private static final String A = "sffd";
    private static final String B = "sfpd";
    private static final String ROTATED = "sfpw";
    private static final String CONNECTOR = "ingest-connector";

    @TempDir
    static Path dir;
    private static ComposeMosquitto mosquitto;
    private static int plain;
    private static int tls;
    private static int certificates;

    @BeforeAll
    static void startTheComposeBroker() throws Exception {
        mosquitto = ComposeMosquitto.start(dir, List.of(A, B, ROTATED));
        plain = mosquitto.port(1883);
        tls = mosquitto.port(8883);
        certificates = mosquitto.port(8884);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void anAgencyPublishesItsOwnTelemetryAndNothingElseReachesTheConnectorsAccount() throws Exception {
        String run = run();
        try (Sub connector = connectorSubscriber("incident/+/+/telemetry");
             Sub shared = connectorSubscriber("$share/" + run + "/incident/+/+/telemetry");
             Sub agency = Sub.start("-h", "127.0.0.1", "-p", port(plain), "-V", "5", "-q", "1", "-u", A, "-P", mosquitto.password(A),
                     "-t", "incident/+/+/telemetry")) {
            Result own = publishAs(A, topic(A), payload(run + "-own", A), "-V", "5", "-q", "1");
            assertThat(own.stdout()).contains("received PUBACK (Mid: 1, RC:0)");

            Result spoof = publishAs(A, topic(B), payload(run + "-spoof", B), "-V", "5", "-q", "1");
            assertThat(spoof.stdout()).contains("received PUBACK (Mid: 1, RC:135)");

            String marker = publishMarker(run);
            for (Sub sub : List.of(connector, shared)) {
                Eventually.holds(TIMEOUT, "the marker reached the connector's account", () -> received(sub, marker));
                assertThat(sub.messages()).as("what the connector's account received")
                        .anyMatch(m -> m.contains(run + "-own")).noneMatch(m -> m.contains(run + "-spoof"));
            }
            // An agency may subscribe (Mosquitto 2.0 grants every SUBACK) but is given nothing, not even its own.
            assertThat(agency.output()).anyMatch(l -> l.startsWith("Subscribed (mid: 1): 1"));
            assertThat(agency.messages()).as("what agency %s read", A).isEmpty();
        }
    }

    @Test
    void mqtt5Qos1And2AreAnsweredNotAuthorizedByTheirAcknowledgement() throws Exception {
        String run = run();
        Result qos1 = publishAs(A, topic(B), payload(run + "-q1", B), "-V", "5", "-q", "1");
        assertThat(qos1.stdout()).contains("received PUBACK (Mid: 1, RC:135)"); // 0x87 Not authorized
        assertThat(qos1.stderr()).contains("Warning: Publish 1 failed: Not authorized.");

        // mosquitto_pub prints no code for a PUBREC, but reports the refusal and ends the flow (no PUBREL).
        Result qos2 = publishAs(A, topic(B), payload(run + "-q2", B), "-V", "5", "-q", "2");
        assertThat(qos2.stdout()).contains("received PUBREC (Mid: 1)").doesNotContain("sending PUBREL");
        assertThat(qos2.stderr()).contains("Warning: Publish 1 failed: Not authorized.");

        // The codes exactly, from a second client (which reports them as the publish's failure); the
        // connection stays open after each refusal.
        Mqtt5AsyncClient client = mqtt5(A, mosquitto.password(A));
        try {
            Throwable refused1 = failureOf(client.publishWith().topic(topic(B)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes(run + "-h1", B)).send());
            assertThat(((Mqtt5PubAckException) refused1).getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            Throwable refused2 = failureOf(client.publishWith().topic(topic(B)).qos(MqttQos.EXACTLY_ONCE)
                    .payload(bytes(run + "-h2", B)).send());
            assertThat(((Mqtt5PubRecException) refused2).getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.NOT_AUTHORIZED);
            assertThat(Mqtt5PubRecReasonCode.NOT_AUTHORIZED.getCode()).isEqualTo(0x87);
            client.publishWith().topic(topic(A)).qos(MqttQos.EXACTLY_ONCE).payload(bytes(run + "-h3", A)).send().get(30, TimeUnit.SECONDS);
            assertThat(client.getState().isConnected()).isTrue();
        } finally {
            client.disconnect().exceptionally(e -> null).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void qos0AndMqtt311RefusalsAreDroppedSilentlyOnAConnectionThatStaysOpen() throws Exception {
        String run = run();
        try (Sub connector = connectorSubscriber("incident/+/+/telemetry")) {
            // mosquitto_pub: no error, no disconnection; for 3.1.1 QoS 1 and 2 the flow completes as for a delivery.
            Result v5qos0 = publishAs(A, topic(B), payload(run + "-5q0", B), "-V", "5", "-q", "0", "-i", run + "-5q0");
            assertThat(v5qos0.exitCode()).isZero();
            assertThat(v5qos0.stderr()).isEmpty();
            Result v311qos0 = publishAs(A, topic(B), payload(run + "-3q0", B), "-V", "311", "-q", "0");
            assertThat(v311qos0.exitCode()).isZero();
            assertThat(v311qos0.stderr()).isEmpty();
            Result v311qos1 = publishAs(A, topic(B), payload(run + "-3q1", B), "-V", "311", "-q", "1");
            assertThat(v311qos1.stdout()).contains("received PUBACK (Mid: 1, RC:0)");
            assertThat(v311qos1.stderr()).isEmpty();
            Result v311qos2 = publishAs(A, topic(B), payload(run + "-3q2", B), "-V", "311", "-q", "2");
            assertThat(v311qos2.stdout()).contains("received PUBREC (Mid: 1)", "sending PUBREL", "received PUBCOMP");
            assertThat(v311qos2.stderr()).isEmpty();
            assertThat(mosquitto.log()).contains("Denied PUBLISH from " + run + "-5q0");

            // The same connection goes on publishing: a refusal is not a disconnection.
            Mqtt3AsyncClient v311 = MqttClient.builder().useMqttVersion3().identifier(run + "-hivemq3")
                    .serverHost("127.0.0.1").serverPort(plain).buildAsync();
            v311.connectWith().simpleAuth().username(A).password(mosquitto.password(A).getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send().get(30, TimeUnit.SECONDS);
            Mqtt5AsyncClient v5 = mqtt5(A, mosquitto.password(A));
            try {
                for (MqttQos qos : MqttQos.values()) {
                    v311.publishWith().topic(topic(B)).qos(qos).payload(bytes(run + "-h3" + qos.getCode(), B)).send().get(30, TimeUnit.SECONDS);
                }
                v5.publishWith().topic(topic(B)).qos(MqttQos.AT_MOST_ONCE).payload(bytes(run + "-h5q0", B)).send().get(30, TimeUnit.SECONDS);
                v311.publishWith().topic(topic(A)).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(run + "-own3", A)).send().get(30, TimeUnit.SECONDS);
                v5.publishWith().topic(topic(A)).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(run + "-own5", A)).send().get(30, TimeUnit.SECONDS);
                assertThat(v311.getState().isConnected()).isTrue();
                assertThat(v5.getState().isConnected()).isTrue();
            } finally {
                v311.disconnect().exceptionally(e -> null).get(10, TimeUnit.SECONDS);
                v5.disconnect().exceptionally(e -> null).get(10, TimeUnit.SECONDS);
            }
            String marker = publishMarker(run);
            Eventually.holds(TIMEOUT, "the marker reached the connector's account", () -> received(connector, marker));
            assertThat(connector.messages()).filteredOn(m -> m.contains(run)).hasSize(3)
                    .anyMatch(m -> m.contains(run + "-own3")).anyMatch(m -> m.contains(run + "-own5"));
        }
    }

    /**
     * Why deploy/mosquitto/mosquitto.conf bounds its queue by a large count instead of 0 ("no
     * limit"): with 0, Mosquitto 2.0.11 answers a refused QoS 1 or 2 publish and then closes the
     * connection, so a device publishing one wrong topic reconnects again and again.
     */
    @Test
    void withNoQueueCountLimitMosquittoClosesTheConnectionAfterARefusal(@TempDir Path other) throws Exception {
        String run = run();
        try (ComposeMosquitto unlimited = ComposeMosquitto.start(other, List.of(A, B),
                config -> config.replaceAll("(?m)^max_queued_messages \\d+$", "max_queued_messages 0"))) {
            Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(run).serverHost("127.0.0.1")
                    .serverPort(unlimited.port(1883)).buildAsync();
            client.connectWith().simpleAuth().username(A).password(unlimited.password(A).getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send().get(30, TimeUnit.SECONDS);
            try {
                Throwable refused = failureOf(client.publishWith().topic(topic(B)).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(bytes(run, B)).send());
                assertThat(((Mqtt5PubAckException) refused).getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
                Eventually.holds(TIMEOUT, "the broker closed the connection", () -> !client.getState().isConnected());
                assertThat(unlimited.log()).contains("Bad socket read/write on client " + run);
            } finally {
                client.disconnect().exceptionally(e -> null).get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theConnectorsAccountCannotPublishAndStrangersCannotConnect() throws Exception {
        String run = run();
        String connectorPassword = mosquitto.connectorCredentials().getProperty("password");
        for (String topic : List.of(topic(A), "incident/" + CONNECTOR + "/fire/telemetry")) {
            Result result = MosquittoClients.pub("-h", "127.0.0.1", "-p", port(plain), "-u", CONNECTOR, "-P", connectorPassword,
                    "-V", "5", "-q", "1", "-t", topic, "-m", payload(run, A));
            assertThat(result.stdout()).as("the connector publishing to %s", topic).contains("received PUBACK (Mid: 1, RC:135)");
        }
        // Anonymous, a wrong password, another agency's password: CONNACK "not authorized" (5: 0x87, 3.1.1: 5).
        List<List<String>> strangers = List.of(List.of(), List.of("-u", A, "-P", "wrong"), List.of("-u", B, "-P", mosquitto.password(A)));
        for (List<String> credentials : strangers) {
            List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", port(plain), "-t", topic(A), "-m", payload(run, A)));
            args.addAll(credentials);
            Result v5 = MosquittoClients.pub(concat(args, "-V", "5", "-q", "1"));
            assertThat(v5.exitCode()).as("%s", credentials).isNotZero();
            assertThat(v5.stdout()).contains("received CONNACK (135)");
            Result v311 = MosquittoClients.pub(concat(args, "-V", "311", "-q", "1"));
            assertThat(v311.exitCode()).isNotZero();
            assertThat(v311.stderr()).contains("Connection Refused: not authorised.");
        }
    }

    @Test
    void aClientCertificateSpeaksForTheAgencyItsCommonNameNames() throws Exception {
        String run = run();
        try (Sub connector = connectorSubscriber("incident/+/+/telemetry")) {
            Result own = publishWithCertificate(A, topic(A), payload(run + "-own", A));
            assertThat(own.stdout()).contains("received PUBACK (Mid: 1, RC:0)");
            assertThat(publishWithCertificate(A, topic(B), payload(run + "-spoof", B)).stdout())
                    .contains("received PUBACK (Mid: 1, RC:135)");
            // The user name comes from the certificate: claiming another one changes nothing.
            assertThat(publishWithCertificate(A, topic(B), payload(run + "-claim", B), "-u", B, "-P", mosquitto.password(B)).stdout())
                    .contains("received PUBACK (Mid: 1, RC:135)");
            String marker = publishMarker(run);
            Eventually.holds(TIMEOUT, "the marker reached the connector's account", () -> received(connector, marker));
            assertThat(connector.messages()).filteredOn(m -> m.contains(run)).hasSize(2).anyMatch(m -> m.contains(run + "-own"));
        }
        // No certificate (a password instead), or the broker's own certificate: the handshake fails.
        Result password = MosquittoClients.pub("-h", "localhost", "-p", port(certificates), "--cafile", mosquitto.caFile().toString(),
                "-u", A, "-P", mosquitto.password(A), "-t", topic(A), "-m", payload(run, A), "-V", "5", "-q", "1");
        assertThat(password.exitCode()).isNotZero();
        assertThat(password.stdout() + password.stderr()).doesNotContain("received CONNACK");
        Result serverCertificate = MosquittoClients.pub("-h", "localhost", "-p", port(certificates), "--cafile", mosquitto.caFile().toString(),
                "--cert", mosquitto.secrets().resolve("mqtt-server.crt").toString(), "--key", mosquitto.secrets().resolve("mqtt-server.key").toString(),
                "-t", topic(A), "-m", payload(run, A), "-V", "5", "-q", "1");
        assertThat(serverCertificate.exitCode()).isNotZero();
        assertThat(serverCertificate.stdout() + serverCertificate.stderr()).doesNotContain("received CONNACK");
    }

    @Test
    void rotationRevokesTheOldCertificateAndPassword() throws Exception {
        String run = run();
        Path old = dir.resolve("old-" + run);
        java.nio.file.Files.createDirectories(old);
        java.nio.file.Files.copy(mosquitto.certificate(ROTATED), old.resolve("client.crt"));
        java.nio.file.Files.copy(mosquitto.key(ROTATED), old.resolve("client.key"));
        String oldPassword = mosquitto.password(ROTATED);
        assertThat(publishAs(ROTATED, topic(ROTATED), payload(run, ROTATED), "-V", "5", "-q", "1").exitCode()).isZero();

        mosquitto.rotate(ROTATED);

        assertThat(mosquitto.password(ROTATED)).isNotEqualTo(oldPassword);
        Result oldAccount = MosquittoClients.pub("-h", "127.0.0.1", "-p", port(plain), "-u", ROTATED, "-P", oldPassword,
                "-t", topic(ROTATED), "-m", payload(run, ROTATED), "-V", "5", "-q", "1");
        assertThat(oldAccount.stdout()).contains("received CONNACK (135)");
        Result oldCertificate = MosquittoClients.pub("-h", "localhost", "-p", port(certificates), "--cafile", mosquitto.caFile().toString(),
                "--cert", old.resolve("client.crt").toString(), "--key", old.resolve("client.key").toString(),
                "-t", topic(ROTATED), "-m", payload(run, ROTATED), "-V", "5", "-q", "1");
        assertThat(oldCertificate.exitCode()).isNotZero();
        assertThat(oldCertificate.stdout()).doesNotContain("received CONNACK");
        assertThat(openssl("verify", "-crl_check", "-CAfile", mosquitto.caFile().toString(),
                "-CRLfile", mosquitto.secrets().resolve("mqtt-ca.crl").toString(), old.resolve("client.crt").toString()))
                .contains("certificate revoked");
        assertThat(publishAs(ROTATED, topic(ROTATED), payload(run, ROTATED), "-V", "5", "-q", "1").stdout()).contains("received CONNACK (0)");
        assertThat(publishWithCertificate(ROTATED, topic(ROTATED), payload(run, ROTATED)).stdout()).contains("received CONNACK (0)");
        // The others' secrets are untouched.
        assertThat(publishWithCertificate(A, topic(A), payload(run, A)).stdout()).contains("received CONNACK (0)");
    }

    /**
     * The real connector, configured as deploy/connect/mqtt-source.json configures it (its account,
     * TLS on 8883 with the CA's trust store, MQTT 5, two tasks on a shared subscription), writes to
     * Kafka exactly the records of allowed publishes: every refused one, whatever its version and
     * QoS, and the connector's own, never becomes a record.
     */
    @Test
    void aRefusedPublishNeverReachesKafka(KafkaBroker kafka, @TempDir Path workerDir) throws Exception {
        String run = run();
        String topic = kafka.createTopic("incidents.raw-acl-" + run, 2, Map.of());
        Properties credentials = mosquitto.connectorCredentials();
        String name = "mqtt-acl-" + run;
        Map<String, String> config = ConnectorConfigs.of(name, "ssl://localhost:" + tls, "incident/+/+/telemetry", topic);
        config.put("tasks.max", "2");
        config.put("mqtt.version", "5");
        config.put("mqtt.username", CONNECTOR);
        config.put("mqtt.password", credentials.getProperty("password"));
        config.put("mqtt.ssl.trust.store.path", mosquitto.trustStore().toString());
        config.put("mqtt.ssl.trust.store.password", credentials.getProperty("trust.store.password"));
        try (InProcessWorker worker = InProcessWorker.startConnector(kafka.bootstrapServers(), workerDir, name, config, TIMEOUT)) {
            List<String> refused = new ArrayList<>();
            for (String version : List.of("5", "311")) {
                for (String qos : List.of("0", "1", "2")) {
                    String id = "INC-" + run + "-spoof-" + version + "-" + qos;
                    publishAs(A, topic(B), payload(id, B), "-V", version, "-q", qos);
                    refused.add(id);
                }
            }
            String connectorsOwn = "INC-" + run + "-connector";
            MosquittoClients.pub("-h", "127.0.0.1", "-p", port(plain), "-u", CONNECTOR, "-P", credentials.getProperty("password"),
                    "-V", "5", "-q", "1", "-t", topic(A), "-m", payload(connectorsOwn, A));
            refused.add(connectorsOwn);
            String certificateSpoof = "INC-" + run + "-cert-spoof";
            publishWithCertificate(A, topic(B), payload(certificateSpoof, B));
            refused.add(certificateSpoof);

            List<String> allowed = List.of("INC-" + run + "-a", "INC-" + run + "-b", "INC-" + run + "-a-cert");
            publishAs(A, topic(A), payload(allowed.get(0), A), "-V", "5", "-q", "1");
            publishAs(B, topic(B), payload(allowed.get(1), B), "-V", "311", "-q", "1");
            publishWithCertificate(A, topic(A), payload(allowed.get(2), A));

            RawTopic.Delivery delivery = RawTopic.awaitIds(kafka.bootstrapServers(), topic, allowed, TIMEOUT);
            Eventually.holds(TIMEOUT, "every record acknowledged", () -> acknowledged(name) == allowed.size());
            assertThat(delivery.records()).extracting(r -> TelemetryPublisher.idIn(r.value()))
                    .containsExactlyInAnyOrderElementsOf(allowed).doesNotContainAnyElementsOf(refused);
            assertThat(RawTopic.size(kafka.bootstrapServers(), topic)).isEqualTo(allowed.size());
            assertThat(TaskMetricsReader.value(name, 0, "messages-received-total") + TaskMetricsReader.value(name, 1, "messages-received-total"))
                    .as("messages the connector received").isEqualTo(allowed.size());
        }
    }

    private static double acknowledged(String name) {
        return TaskMetricsReader.value(name, 0, "records-acknowledged-total") + TaskMetricsReader.value(name, 1, "records-acknowledged-total");
    }

    private static Result publishAs(String agency, String topic, String payload, String... args) throws IOException {
        return MosquittoClients.pub(concat(List.of("-h", "127.0.0.1", "-p", port(plain), "-u", agency, "-P", mosquitto.password(agency),
                "-t", topic, "-m", payload), args));
    }

    private static Result publishWithCertificate(String agency, String topic, String payload, String... args) {
        return MosquittoClients.pub(concat(List.of("-h", "localhost", "-p", port(certificates), "--cafile", mosquitto.caFile().toString(),
                "--cert", mosquitto.certificate(agency).toString(), "--key", mosquitto.key(agency).toString(),
                "-t", topic, "-m", payload, "-V", "5", "-q", "1"), args));
    }

    /** Agency B publishes a marker on its own topic: once a subscriber has it, what was published before was routed. */
    private static String publishMarker(String run) throws IOException {
        String marker = run + "-marker";
        assertThat(publishAs(B, topic(B), payload(marker, B), "-V", "5", "-q", "1").stdout()).contains("RC:0");
        return marker;
    }

    private static Sub connectorSubscriber(String filter) throws IOException {
        return Sub.start("-h", "localhost", "-p", port(tls), "--cafile", mosquitto.caFile().toString(), "-V", "5", "-q", "1",
                "-u", CONNECTOR, "-P", mosquitto.connectorCredentials().getProperty("password"), "-t", filter);
    }

    private static Mqtt5AsyncClient mqtt5(String user, String password) throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(user + "-" + run())
                .serverHost("127.0.0.1").serverPort(plain).buildAsync();
        client.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send().get(30, TimeUnit.SECONDS);
        return client;
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    private static Throwable failureOf(CompletableFuture<?> sent) throws Exception {
        try {
            sent.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the publish succeeded");
    }

    private static boolean received(Sub sub, String text) {
        return sub.messages().stream().anyMatch(m -> m.contains(text));
    }

    private static String topic(String agency) {
        return "incident/" + agency + "/fire/telemetry";
    }

    /** A payload that claims the agency of the topic it is sent to, so that the DLQ's agency check would let it through. */
    private static String payload(String id, String agency) {
        return "{\"incident_id\":\"" + id + "\",\"agency_id\":\"" + agency + "\"}";
    }

    private static byte[] bytes(String id, String agency) {
        return payload(id, agency).getBytes(StandardCharsets.UTF_8);
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String port(int port) {
        return Integer.toString(port);
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
