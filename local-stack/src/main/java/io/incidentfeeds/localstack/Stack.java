package io.incidentfeeds.localstack;

import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import io.incidentfeeds.brokers.mqtt.MqttAccounts;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import io.incidentfeeds.localstack.component.ChildJvm;
import io.incidentfeeds.localstack.component.Component;
import io.incidentfeeds.localstack.component.ConnectWorkerComponent;
import io.incidentfeeds.localstack.component.EdgeComponent;
import io.incidentfeeds.localstack.component.FieldSimulatorComponent;
import io.incidentfeeds.localstack.component.KafkaAccess;
import io.incidentfeeds.localstack.component.IdentityProviderComponent;
import io.incidentfeeds.localstack.component.KafkaBrokerComponent;
import io.incidentfeeds.localstack.component.MqttBrokerComponent;
import io.incidentfeeds.localstack.component.StreamProcessorComponent;
import io.incidentfeeds.localstack.kafka.KafkaPrincipals;
import io.incidentfeeds.localstack.mqtt.DemoMqttAccounts;
import io.incidentfeeds.localstack.tokens.DemoTokenFile;
import io.incidentfeeds.simulator.scenario.Agency;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline on one machine, started in dependency order: Kafka (one node, or
 * {@code kafka.nodes} of them with every topic replicated), MQTT, the processor (which creates the
 * topics), the Connect worker, the identity provider, the edge, the simulator. With
 * {@code kafka.secure=true} Kafka is SASL_SSL with ACLs, the admin creates the users, grants and
 * topics, and the processor, Connect and the edge each sign in as their own principal. Each start line says how long
 * the component took; {@link #close()} stops them in reverse order and is safe to call twice.
 */
public final class Stack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final StackSettings settings;
    private final PrintStream out;
    private final List<Component> started = new ArrayList<>();
    private final Map<String, Component> byName = new java.util.LinkedHashMap<>();
    private KafkaBrokerComponent kafka;
    private String mqttUri;
    private DemoMqttAccounts mqttAccounts;
    private IdentityProviderComponent idp;
    private EdgeComponent edge;
    private Path tokenFile;

    public Stack(StackSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public void start() throws Exception {
        Path data = Files.createDirectories(settings.dataDir());
        Path logs = Files.createDirectories(data.resolve("logs"));
        ChildJvm.killLeftovers(logs);

        int kafkaNodes = settings.integer("kafka.nodes");
        if (settings.flag("kafka.secure")) {
            kafka = KafkaBrokerComponent.secured(data.resolve("kafka"), kafkaNodes, settings.port("kafka.port"), data.resolve("kafka-tls"),
                    KafkaPrincipals.loadOrCreate(data));
        } else {
            kafka = new KafkaBrokerComponent(data.resolve("kafka"), kafkaNodes, settings.port("kafka.port"));
        }
        kafka.heap(settings.get("kafka.heap"));
        startComponent(kafka);

        List<String> agencies = Agency.bayArea().stream().map(Agency::id).toList();
        String externalMqtt = settings.get("mqtt.external.uri");
        if (externalMqtt.isEmpty()) {
            MqttAccounts accounts;
            if (settings.flag("mqtt.anonymous")) {
                out.printf("  WARNING: mqtt.anonymous=true: the MQTT broker takes anonymous clients, and any client may publish%n"
                        + "           for any agency. Remove the setting to require the accounts of %s.%n", data.resolve(DemoMqttAccounts.AGENCIES_DIR));
                accounts = MqttAccounts.anonymous();
            } else {
                mqttAccounts = DemoMqttAccounts.loadOrCreate(data, agencies);
                accounts = mqttAccounts.accounts();
            }
            MqttBrokerComponent mqtt = new MqttBrokerComponent(data, settings.port("mqtt.port"), settings.port("mqtt.tls.port"), accounts);
            startComponent(mqtt);
            mqttUri = mqtt.uri();
        } else {
            mqttUri = externalMqtt;
            out.printf("  %-10s external at %s%n", "mqtt", externalMqtt);
        }

        StreamProcessorComponent processor = new StreamProcessorComponent(data, logs, settings.get("processor.heap"),
                settings.path("processor.jar"), settings.port("processor.http.port"), settings.integer("topics.partitions"),
                kafka.bootstrapServers()).replicationFactor(kafka.cluster().replicationFactor());
        if (kafka.principals() != null) {
            processor.secured(kafkaAccess(Service.PROCESSOR), kafka.principals().adminAccess(kafka.cluster()));
        }
        startComponent(processor);
        startComponent(new ConnectWorkerComponent(data, logs, settings.get("connect.heap"), settings.path("connect.plugin.dir"),
                settings.port("connect.rest.port"), kafka.bootstrapServers(), mqttUri, settings.port("connect.metrics.port"),
                settings.path("connect.metrics.rules"), mqttAccounts == null ? null : mqttAccounts.connectorFile())
                .kafkaAccess(kafkaAccess(Service.CONNECT)));
        idp = new IdentityProviderComponent(data, settings.get("bind.address"), settings.port("idp.port"),
                settings.duration("idp.token.ttl"), agencies);
        startComponent(idp);
        edge = new EdgeComponent(logs, settings.get("edge.heap"), settings.path("edge.jar"), settings.get("bind.address"),
                settings.port("edge.port"), kafka.bootstrapServers(), settings.jwtSecret(), idp).kafkaAccess(kafkaAccess(Service.EDGE));
        startComponent(edge);

        tokenFile = writeTokens(data);

        if (settings.flag("simulator.enabled")) {
            startComponent(new FieldSimulatorComponent(logs, mqttUri, settings.number("simulator.rate"),
                    settings.integer("simulator.seed"), settings.integer("simulator.incidents"),
                    settings.number("simulator.bad-share"), mqttAccounts == null ? null : mqttAccounts.agenciesDir()));
        }
    }

    /** How {@code service} reaches Kafka: as its own principal on a secured broker, else plaintext. */
    public KafkaAccess kafkaAccess(Service service) throws java.io.IOException {
        return kafka.access(service);
    }

    /**
     * Complete client properties that reach the stack's Kafka as {@code service} (bootstrap servers,
     * and on a secured broker TLS and the service's credential): for tests and tools.
     */
    public java.util.Properties kafkaClientProperties(Service service) {
        return kafka.clientProperties(service);
    }

    /** {@code data.dir/kafka-users} (each principal's password, JAAS and client properties), or null on a plaintext broker. */
    public Path kafkaUsersDir() {
        return kafka.principals() == null ? null : kafka.principals().dir();
    }

    private void startComponent(Component component) throws Exception {
        out.printf("  %-10s starting ...%n", component.name());
        long begin = System.nanoTime();
        try {
            component.start(START_TIMEOUT);
        } catch (Exception e) {
            component.close();
            throw e;
        }
        started.add(component);
        byName.put(component.name(), component);
        out.printf("  %-10s ready in %.1f s: %s%n", component.name(), (System.nanoTime() - begin) / 1e9, component.address());
    }

    private Path writeTokens(Path data) throws Exception {
        Duration ttl = settings.duration("tokens.ttl");
        Instant now = Instant.now();
        List<String> agencies = Agency.bayArea().stream().map(Agency::id).toList();
        Map<String, String> tokens = new DemoTokenFile(settings.jwtSecret(), ttl).mintAll(agencies, now);
        return DemoTokenFile.writeFile(data.resolve("tokens.txt"), tokens, now.plus(ttl));
    }

    /** A started component by name ("kafka", "mqtt", "processor", "connect", "idp", "edge", "simulator"). */
    public Component component(String name) {
        Component component = byName.get(name);
        if (component == null) {
            throw new IllegalArgumentException("no started component " + name + "; started: " + byName.keySet());
        }
        return component;
    }

    /** Starts a component again after {@link Component#kill()} or {@link Component#close()}, and says how long it took. */
    public Duration restart(String name) throws Exception {
        long begin = System.nanoTime();
        component(name).start(START_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        out.printf("  %-10s restarted in %.1f s%n", name, took.toMillis() / 1e3);
        return took;
    }

    public StackSettings settings() {
        return settings;
    }

    public String consoleUrl() {
        return edge.consoleUrl();
    }

    public Path tokenFile() {
        return tokenFile;
    }

    /** The identity provider's token endpoint ({@code POST}, RFC 6749). */
    public String tokenEndpoint() {
        return idp.issuer() + "/oauth2/token";
    }

    /** Its users' passwords and client secrets ({@code kind name secret agency roles}, tab-separated). */
    public Path accountsFile() {
        return idp.accountsFile();
    }

    public String mqttUri() {
        return mqttUri;
    }

    /**
     * The directory of the agencies' MQTT passwords ({@code <agency>.password}, the field
     * simulator's {@code --credentials-dir}); null when the broker is anonymous or external.
     */
    public Path mqttCredentialsDir() {
        return mqttAccounts == null ? null : mqttAccounts.agenciesDir();
    }

    /** An agency's MQTT user name and password on the stack's broker (user name = agency id). */
    public MqttCredentials mqttCredentials(String agency) throws java.io.IOException {
        return requireMqttAccounts().credentials(agency);
    }

    /** The connector's MQTT credentials ({@code ingest-connector}): it may only subscribe. */
    public MqttCredentials mqttConnectorCredentials() throws java.io.IOException {
        return requireMqttAccounts().connectorCredentials();
    }

    private DemoMqttAccounts requireMqttAccounts() {
        if (mqttAccounts == null) {
            throw new IllegalStateException("the stack's MQTT broker has no accounts (mqtt.anonymous or mqtt.external.uri is set)");
        }
        return mqttAccounts;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Stops everything that started, newest first. */
    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Component component = started.get(i);
            out.printf("  %-10s stopping%n", component.name());
            try {
                component.close();
            } catch (RuntimeException e) {
                out.printf("  %-10s did not stop cleanly: %s%n", component.name(), e);
            }
        }
        started.clear();
    }
}
