package io.incidentfeeds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.incidentfeeds.simulator.scenario.ScenarioConfig;
import io.incidentfeeds.simulator.scenario.ScenarioGenerator;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import io.incidentfeeds.brokers.KafkaProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Against Debian's Mosquitto with the deployment's ACL (deploy/mosquitto/acl) and the accounts
 * deploy/make-secrets.sh makes: with {@code --credentials-dir} every agency signs in as itself and
 * the whole scenario is delivered; one agency's account for all is refused the other agencies' topics.
 */
class FieldSimulatorAgencyAccountsTest {

    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final int COUNT = 500;

    @TempDir
    Path dir;
    private Process mosquitto;
    private int port;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private Mqtt5AsyncClient connector;

    @BeforeEach
    void startMosquittoWithTheDeploymentsAcl() throws Exception {
        Path secrets = dir.resolve("secrets");
        Path agencies = dir.resolve("agencies");
        Files.writeString(agencies, String.join("\n", ScenarioConfig.defaults(1, START, 1).agencies().stream()
                .map(a -> a.id()).toList()) + "\n");
        ProcessBuilder makeSecrets = new ProcessBuilder("bash", DEPLOY.resolve("make-secrets.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("make-secrets.log").toFile());
        makeSecrets.environment().put("SECRETS_DIR", secrets.toString());
        makeSecrets.environment().put("AGENCIES_FILE", agencies.toString());
        assertThat(makeSecrets.start().waitFor()).as("make-secrets.sh").isZero();

        port = KafkaProcess.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        // A minimal broker: the deployment's accounts and ACL on one plain listener. As root, it keeps
        // root instead of dropping to a user that cannot read the temporary directory.
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous false\n"
                + "password_file " + secrets.resolve("mqtt-passwords") + "\nacl_file " + DEPLOY.resolve("mosquitto/acl") + "\n"
                + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""));
        mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        awaitListening();

        Properties connectorCredentials = new Properties();
        try (var in = Files.newBufferedReader(secrets.resolve("mqtt-connector.properties"))) {
            connectorCredentials.load(in);
        }
        connector = MqttClient.builder().useMqttVersion5().identifier("test-connector").serverHost("127.0.0.1").serverPort(port).buildAsync();
        connector.connectWith().simpleAuth().username("ingest-connector")
                .password(connectorCredentials.getProperty("password").getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send().get(30, TimeUnit.SECONDS);
        connector.subscribeWith().topicFilter("incident/+/+/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> received.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.disconnect().exceptionally(e -> null).get(10, TimeUnit.SECONDS);
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void eachAgencySignsInAsItselfAndTheWholeScenarioIsDelivered() throws Exception {
        int exit = simulate("--credentials-dir", dir.resolve("secrets/mqtt-agencies").toString());
        assertThat(exit).isZero();
        List<String> sent = scenario();
        awaitReceived(sent.size());
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void oneAgencysAccountCannotPublishForTheOthers() throws Exception {
        String password = Files.readString(dir.resolve("secrets/mqtt-agencies/sffd.password")).trim();
        int exit = simulate("--credentials", "sffd:" + password);
        assertThat(exit).as("publishes refused: the simulator fails").isEqualTo(1);
        List<String> own = scenario().stream().filter(m -> m.startsWith("incident/sffd/")).toList();
        awaitReceived(own.size());
        Thread.sleep(500); // anything else routed would have come with sffd's last messages
        assertThat(received).containsExactlyInAnyOrderElementsOf(own);
    }

    private int simulate(String... credentials) {
        List<String> args = new ArrayList<>(List.of("--broker", "tcp://127.0.0.1:" + port, "--count", Integer.toString(COUNT),
                "--rate", "2000", "--seed", "7", "--start", START.toString()));
        args.addAll(List.of(credentials));
        return new CommandLine(new FieldSimulator()).execute(args.toArray(String[]::new));
    }

    private static List<String> scenario() {
        ScenarioGenerator expected = new ScenarioGenerator(ScenarioConfig.defaults(7, START, 2000));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            SimulatedMessage m = expected.next();
            sent.add(m.topic() + " " + new String(m.payload(), StandardCharsets.UTF_8));
        }
        return sent;
    }

    private void awaitReceived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (!mosquitto.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("mosquitto is not listening: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
    }
}
