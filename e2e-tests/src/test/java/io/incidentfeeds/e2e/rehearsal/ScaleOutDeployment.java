package io.incidentfeeds.e2e.rehearsal;

import io.incidentfeeds.brokers.KafkaCluster;
import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.localstack.StackSettings;
import io.incidentfeeds.localstack.component.ChildJvm;
import io.incidentfeeds.localstack.component.Component;
import io.incidentfeeds.localstack.component.ConnectWorkerComponent;
import io.incidentfeeds.localstack.component.EdgeComponent;
import io.incidentfeeds.localstack.component.IdentityProviderComponent;
import io.incidentfeeds.localstack.component.MqttBrokerComponent;
import io.incidentfeeds.localstack.component.StreamProcessorComponent;
import io.incidentfeeds.localstack.mqtt.DemoMqttAccounts;
import io.incidentfeeds.simulator.scenario.Agency;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The deployment's shape ({@code docker-compose.yml}) as real processes on this machine: a
 * three-node KRaft cluster, the MQTT broker, two stream processors with a standby replica of each
 * task, one Connect worker running the MQTT source connector with two tasks on a shared
 * subscription, the identity provider, two edges, and nginx in front of the edges. Each part is
 * started the way the local stack starts it ({@code local-stack}'s components, from the packaged
 * jars, with the stack's defaults); only the number of instances and the cluster differ.
 */
final class ScaleOutDeployment implements AutoCloseable {

    static final int PARTITIONS = 6;
    // Generous: on a machine shared with other builds, an edge has needed over three minutes.
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final StackSettings settings;
    private final PrintStream out;
    private final Path data;
    private final Path logs;
    private final KafkaCluster kafka;
    private final Map<String, Component> components = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private NginxBalancer nginx;
    private String mqttUri;
    private DemoMqttAccounts mqttAccounts;

    ScaleOutDeployment(Path projectDir, Path data, PrintStream out) {
        this.data = data;
        this.logs = data.resolve("logs");
        this.out = out;
        this.settings = StackSettings.of(projectDir, Map.of("data.dir", data.toString()));
        this.kafka = new KafkaCluster(data.resolve("kafka"), Map.of("num.partitions", "3"));
    }

    void start() throws Exception {
        NginxBalancer.binary(); // fails first, with the reason, when nginx is missing
        for (String artifact : List.of("processor.jar", "edge.jar", "connect.plugin.dir")) {
            if (!Files.exists(settings.path(artifact))) {
                throw new IllegalStateException(settings.path(artifact) + " is missing: build it first"
                        + " (mvn -pl stream-processor,ws-edge,ingest-connector,e2e-tests -am verify, or bin/rehearsal)");
            }
        }
        Files.createDirectories(logs);
        step("kafka x3", () -> kafka.start(START_TIMEOUT));
        started.add(kafka);
        // As the local stack runs it: one MQTT account per agency, the connector's may only subscribe.
        mqttAccounts = DemoMqttAccounts.loadOrCreate(data, Agency.bayArea().stream().map(Agency::id).toList());
        MqttBrokerComponent mqtt = new MqttBrokerComponent(data, KafkaProcess.freePort(), KafkaProcess.freePort(),
                mqttAccounts.accounts());
        start(mqtt);
        mqttUri = mqtt.uri();

        // The first processor creates the pipeline's topics; then the rest at once: the second
        // processor joins the group and takes half the tasks, the edges read what is reconciled.
        start(processor(1));
        IdentityProviderComponent idp = new IdentityProviderComponent(data, "127.0.0.1", KafkaProcess.freePort(),
                Duration.ofHours(4), Agency.bayArea().stream().map(Agency::id).toList());
        start(idp);
        ConnectWorkerComponent connect = new ConnectWorkerComponent(data, logs, settings.get("connect.heap"),
                settings.path("connect.plugin.dir"), KafkaProcess.freePort(), kafka.bootstrapServers(), mqttUri,
                KafkaProcess.freePort(), settings.path("connect.metrics.rules"), mqttAccounts.connectorFile()).tasks(2);
        List<EdgeComponent> edges = List.of(edge(1, idp), edge(2, idp));
        startTogether(List.of(processor(2), connect, edges.get(0), edges.get(1)));

        nginx = new NginxBalancer(data.resolve("nginx"));
        step("nginx", () -> nginx.start(settings.projectDir().resolve("deploy/nginx/nginx.conf"),
                edges.stream().map(e -> e.consoleUrl().substring("http://".length())).toList()));
        started.add(nginx);
    }

    private StreamProcessorComponent processor(int n) {
        return new StreamProcessorComponent(data, logs, settings.get("processor.heap"), settings.path("processor.jar"),
                KafkaProcess.freePort(), PARTITIONS, kafka.bootstrapServers()).replicationFactor(kafka.replicationFactor())
                // As docker-compose.yml runs them: one standby of each task on the other instance.
                .instance("processor-" + n, Map.of("kafka.num.standby.replicas", "1"));
    }

    private EdgeComponent edge(int n, IdentityProviderComponent idp) {
        return new EdgeComponent(logs, settings.get("edge.heap"), settings.path("edge.jar"), "127.0.0.1",
                KafkaProcess.freePort(), kafka.bootstrapServers(), settings.jwtSecret(), idp).instance("edge-" + n);
    }

    private void start(Component component) throws Exception {
        step(component.name(), () -> component.start(START_TIMEOUT));
        components.put(component.name(), component);
        started.add(component);
    }

    private void startTogether(List<Component> together) {
        CompletableFuture.allOf(together.stream().map(c -> CompletableFuture.runAsync(() -> {
            try {
                start(c);
            } catch (Exception e) {
                throw new IllegalStateException(c.name() + " did not start", e);
            }
        }, r -> new Thread(r, "start-" + c.name()).start())).toArray(CompletableFuture[]::new)).join();
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String name, Step step) throws Exception {
        long begin = System.nanoTime();
        step.run();
        out.printf("  %-12s ready in %.1f s%n", name, (System.nanoTime() - begin) / 1e9);
    }

    KafkaCluster kafka() {
        return kafka;
    }

    /** A started part by name: processor-1, processor-2, connect, edge-1, edge-2, mqtt, idp. */
    Component component(String name) {
        Component component = components.get(name);
        if (component == null) {
            throw new IllegalArgumentException("no part " + name + "; the parts: " + components.keySet());
        }
        return component;
    }

    /** Starts a part again after it was killed or stopped, and says how long it took to be ready. */
    Duration restart(String name) throws Exception {
        long begin = System.nanoTime();
        component(name).start(START_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        out.printf("  %-12s restarted in %.1f s%n", name, took.toMillis() / 1e3);
        return took;
    }

    String mqttUri() {
        return mqttUri;
    }

    /** The agencies' MQTT passwords ({@code <agency>.password}). */
    DemoMqttAccounts mqttAccounts() {
        return mqttAccounts;
    }

    /** Where consoles connect: nginx. */
    String consoleUrl() {
        return nginx.url();
    }

    String jwtSecret() {
        return settings.jwtSecret();
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Stops everything, newest first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                out.println("  did not stop cleanly: " + e);
            }
        }
        started.clear();
        try {
            ChildJvm.killLeftovers(logs);
        } catch (Exception e) {
            out.println("  leftover processes: " + e);
        }
    }
}
