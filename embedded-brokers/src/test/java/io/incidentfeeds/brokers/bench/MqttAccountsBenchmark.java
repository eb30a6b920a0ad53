package io.incidentfeeds.brokers.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import io.incidentfeeds.brokers.mqtt.MqttAccounts;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What the accounts cost the embedded broker: the same QoS 1 publish-and-deliver run (one agency's
 * publisher, the connector's subscriber) against a broker with accounts and, as the reference in
 * the same run, an anonymous one; and the cost of a sign-in (PBKDF2). Figures are the process's CPU
 * time per message (broker and both clients run in this JVM) and the ratio to the reference.
 *
 * <p>{@code mvn -B -ntp -q -pl embedded-brokers test-compile exec:exec@bench [-Dbench.messages=100000]}
 */
public final class MqttAccountsBenchmark {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private MqttAccountsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("mqtt-accounts-bench");
        System.out.printf("MQTT accounts benchmark: %,d QoS 1 messages of 300 bytes per run, %d cores%n",
                messages, Runtime.getRuntime().availableProcessors());
        try (EmbeddedMqttBroker open = new EmbeddedMqttBroker(dir.resolve("anonymous"), 0, null, 1_000_000, MqttAccounts.anonymous());
             EmbeddedMqttBroker secured = new EmbeddedMqttBroker(dir.resolve("accounts"))) {
            open.start();
            secured.start();
            MqttCredentials agency = secured.credentials("sffd");
            MqttCredentials connector = secured.connectorCredentials();
            run(open, null, null, messages / 5); // warm-up of both paths
            run(secured, agency, connector, messages / 5);
            double[] reference = new double[2];
            double[] accounts = new double[2];
            for (int round = 0; round < 2; round++) { // alternated, so that a change of load hits both
                add(reference, run(open, null, null, messages));
                add(accounts, run(secured, agency, connector, messages));
            }
            System.out.printf("  anonymous (reference): %,.0f msg/s, %.1f us CPU per message%n", reference[0] / 2, reference[1] / 2);
            System.out.printf("  with accounts:         %,.0f msg/s, %.1f us CPU per message = %.2f x the reference%n",
                    accounts[0] / 2, accounts[1] / 2, accounts[1] / reference[1]);
            double[] signIn = signIns(secured, agency, 200);
            System.out.printf("  sign-in (CONNECT to CONNACK, PBKDF2 of 10,000 rounds): %.1f ms, %.1f ms CPU each%n", signIn[0], signIn[1]);
        }
    }

    private static void add(double[] sum, double[] run) {
        sum[0] += run[0];
        sum[1] += run[1];
    }

    /** Messages per second and microseconds of process CPU per message, publish to delivery. */
    private static double[] run(EmbeddedMqttBroker broker, MqttCredentials agency, MqttCredentials connector, int messages)
            throws Exception {
        CountDownLatch delivered = new CountDownLatch(messages);
        Mqtt5AsyncClient subscriber = client(broker, "bench-connector-" + System.nanoTime(), connector);
        subscriber.publishes(MqttGlobalPublishFilter.ALL, p -> delivered.countDown());
        subscriber.connect().get(30, TimeUnit.SECONDS);
        subscriber.subscribeWith().topicFilter("incident/+/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
        Mqtt5AsyncClient publisher = client(broker, "bench-unit-" + System.nanoTime(), agency);
        publisher.connect().get(30, TimeUnit.SECONDS);
        byte[] payload = ("{\"type\":\"Feature\",\"properties\":{\"agency_id\":\"sffd\",\"title\":\"" + "x".repeat(230) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        Semaphore inFlight = new Semaphore(1000);
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            inFlight.acquire();
            publisher.publishWith().topic("incident/sffd/fire/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                    .whenComplete((ack, e) -> inFlight.release());
        }
        if (!delivered.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("delivered only " + (messages - delivered.getCount()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (OS.getProcessCpuTime() - cpu) / 1e3;
        publisher.disconnect().get(30, TimeUnit.SECONDS);
        subscriber.disconnect().get(30, TimeUnit.SECONDS);
        return new double[] {messages / seconds, cpuMicros / messages};
    }

    /** Milliseconds of wall time and of process CPU per sign-in. */
    private static double[] signIns(EmbeddedMqttBroker broker, MqttCredentials agency, int count) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Mqtt5AsyncClient client = client(broker, "bench-sign-in-" + i, agency);
            client.connect().get(30, TimeUnit.SECONDS);
            client.disconnect().get(30, TimeUnit.SECONDS);
        }
        return new double[] {(System.nanoTime() - start) / 1e6 / count, (OS.getProcessCpuTime() - cpu) / 1e6 / count};
    }

    private static Mqtt5AsyncClient client(EmbeddedMqttBroker broker, String id, MqttCredentials credentials) {
        var builder = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(broker.port());
        if (credentials != null) {
            builder = builder.simpleAuth(Mqtt5SimpleAuth.builder().username(credentials.username())
                    .password(credentials.password().getBytes(StandardCharsets.UTF_8)).build());
        }
        return builder.buildAsync();
    }
}
