package io.incidentfeeds.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.brokers.acl.ServiceAcls;
import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docker-compose.yml cannot be run on the build machine (no Docker engine), so this test checks it
 * against the project itself: every build context and file it mounts exists, every image is
 * pinned, the three Kafka nodes form one replicated cluster that every service bootstraps from,
 * Prometheus scrapes every service and Grafana shows its dashboard, the published ports are the documented defaults, every secret is made by
 * deploy/make-secrets.sh, and every environment variable and connector key is one the component
 * really reads (Kafka's, Connect's and Kafka Streams' own config definitions, the processor's
 * settings file, ws-edge's {@code edge.*} properties, the connector's ConfigDef). Kafka is checked as
 * secured: every listener SASL_SSL with ports and mechanisms that agree, StandardAuthorizer, and
 * each service signing in as its own principal of ServiceAcls, trusting the deployment's CA.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> KAFKA_NODES = List.of("kafka-1", "kafka-2", "kafka-3");
    /** Jobs that run once and exit: no health check, others wait for their successful completion. */
    private static final Set<String> ONE_SHOT = Set.of("connect-register", "kafka-provision", "topics-provision");
    /** The services that sign in to Kafka, and as which principal of ServiceAcls. */
    private static final Map<String, Service> PRINCIPALS = Map.of("stream-processor", Service.PROCESSOR,
            "connect", Service.CONNECT, "ws-edge", Service.EDGE);
    /** Where each service's Kafka client settings come from: its variables' prefix (Connect: each client's too). */
    private static final Map<String, List<String>> CLIENT_PREFIXES = Map.of(
            "stream-processor", List.of("PROCESSOR_KAFKA_"), "topics-provision", List.of("PROCESSOR_KAFKA_"),
            "ws-edge", List.of("EDGE_KAFKA_PROPERTIES_"),
            "connect", List.of("CONNECT_", "CONNECT_PRODUCER_", "CONNECT_CONSUMER_", "CONNECT_ADMIN_"));
    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        compose = readAsCompose(ROOT.resolve("docker-compose.yml"));
    }

    /**
     * The file as Compose reads it: YAML with merge keys resolved ({@code <<: *kafka}, which
     * Jackson's YAML parser leaves as a key named {@code <<}), as a tree for the checks.
     */
    private static JsonNode readAsCompose(Path file) throws IOException {
        LoadSettings yaml = LoadSettings.builder().setSchema(new CoreSchema()).build();
        try (Reader in = Files.newBufferedReader(file)) {
            return new ObjectMapper().valueToTree(new Load(yaml).loadFromReader(in));
        }
    }

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertThat(service.isMissingNode()).as("service %s", name).isFalse();
        return service;
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        service(service).path("environment").properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        return env;
    }

    @Test
    void theDeploymentHasEveryPartTheIssueNames() {
        assertThat(names(compose.path("services")))
                .contains("kafka-1", "kafka-2", "kafka-3", "kafka-provision", "topics-provision", "mosquitto", "connect",
                        "connect-register", "stream-processor", "ws-edge", "edge-lb", "prometheus", "grafana");
        assertThat(service("stream-processor").path("deploy").path("replicas").asInt()).isEqualTo(2);
        assertThat(service("ws-edge").path("deploy").path("replicas").asInt()).isEqualTo(2);
        KAFKA_NODES.forEach(node -> assertThat(service(node).path("image").asString()).startsWith("apache/kafka:"));
        compose.path("services").properties().forEach(s -> {
            String image = s.getValue().path("image").asString();
            assertThat(image).as("%s's image, pinned to a version", s.getKey()).matches("[a-z0-9./-]+:v?[0-9][\\w.]*");
            assertThat(s.getValue().has("healthcheck") || ONE_SHOT.contains(s.getKey()) || s.getKey().equals("edge-lb"))
                    .as("%s has a health check", s.getKey()).isTrue();
        });
    }

    @Test
    void everyBuildContextDockerfileAndMountedFileExists() throws IOException {
        for (var s : compose.path("services").properties()) {
            JsonNode build = s.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = ROOT.resolve(build.path("context").asString()).normalize();
                Path dockerfile = context.resolve(build.path("dockerfile").asString());
                assertThat(dockerfile).as("%s's Dockerfile", s.getKey()).isRegularFile();
                for (String source : copySources(dockerfile)) {
                    if (source.contains("/target/")) {
                        continue; // built by Maven: checked in everyBuiltArtifactADockerfileCopiesIsWhereTheBuildPutsIt
                    }
                    assertThat(context.resolve(source)).as("COPY %s in %s", source, dockerfile).exists();
                }
            }
            for (JsonNode volume : s.getValue().path("volumes")) {
                String spec = volume.asString();
                if (spec.startsWith("./")) {
                    assertThat(ROOT.resolve(spec.substring(0, spec.indexOf(':')))).as("%s mounts %s", s.getKey(), spec).exists();
                }
            }
        }
    }

    @Test
    void everyBuiltArtifactADockerfileCopiesIsWhereTheBuildPutsIt() throws IOException {
        List<Path> artifacts = new ArrayList<>();
        for (Path dockerfile : List.of(ROOT.resolve("deploy/connect/Dockerfile"), ROOT.resolve("deploy/stream-processor/Dockerfile"),
                ROOT.resolve("deploy/ws-edge/Dockerfile"))) {
            copySources(dockerfile).stream().filter(s -> s.contains("/target/")).map(ROOT::resolve).forEach(artifacts::add);
        }
        assertThat(artifacts).hasSize(3);
        assumeTrue(artifacts.stream().allMatch(Files::exists), "the other modules are built (mvn install or verify from the root)");
        assertThat(artifacts).allMatch(Files::exists);
    }

    @Test
    void thePublishedPortsAreTheDocumentedDefaults() {
        Set<String> published = new TreeSet<>();
        compose.path("services").forEach(s -> s.path("ports").forEach(p -> published.add(p.asString())));
        assertThat(published).containsExactlyInAnyOrder("9092:9092", "9192:9192", "9292:9292", "1883:1883", "8883:8883", "8884:8884",
                "8083:8083", "8080:8080", "9090:9090", "3000:3000");
    }

    @Test
    void everySecretIsMadeByTheSecretsScript() throws IOException {
        String script = Files.readString(ROOT.resolve("deploy/make-secrets.sh"));
        for (var secret : compose.path("secrets").properties()) {
            String file = secret.getValue().path("file").asString();
            assertThat(file).startsWith("./deploy/secrets/");
            String name = file.substring("./deploy/secrets/".length());
            assertThat(script).as("make-secrets.sh makes %s", name).contains(name);
        }
        Set<String> used = new TreeSet<>();
        compose.path("services").forEach(s -> s.path("secrets").forEach(r -> used.add(r.isString() ? r.asString() : r.path("source").asString())));
        assertThat(names(compose.path("secrets"))).containsAll(used);
        assertThat(Files.readString(ROOT.resolve("deploy/secrets/.gitignore"))).startsWith("*");
    }

    @Test
    void everyFileMosquittosConfigNamesIsMountedOrCopiedFromASecret() throws IOException {
        JsonNode mosquitto = service("mosquitto");
        Set<String> mounted = new TreeSet<>();
        mosquitto.path("volumes").forEach(v -> {
            String[] parts = v.asString().split(":");
            mounted.add(parts[1]);
        });
        Set<String> secretTargets = new TreeSet<>();
        mosquitto.path("secrets").forEach(s -> secretTargets.add(s.path("target").asString()));
        String command = mosquitto.path("command").toString();
        Matcher file = Pattern.compile("^(?:password_file|acl_file|certfile|keyfile|cafile|crlfile)\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(Files.readString(ROOT.resolve("deploy/mosquitto/mosquitto.conf")));
        Set<String> named = new TreeSet<>();
        while (file.find()) {
            named.add(file.group(1));
        }
        assertThat(named).contains("/mosquitto/config/acl", "/mosquitto/secrets/mqtt-passwords", "/mosquitto/secrets/mqtt-ca.crl");
        for (String path : named) {
            if (path.startsWith("/mosquitto/secrets/")) {
                // The service's command copies /run/secrets/mqtt-* there (see the comment in docker-compose.yml).
                String name = path.substring("/mosquitto/secrets/".length());
                assertThat(secretTargets).as("%s comes from a secret", path).contains(name);
                assertThat(name).startsWith("mqtt-");
                assertThat(command).contains("/run/secrets/mqtt-* /mosquitto/secrets/");
            } else {
                assertThat(mounted).as("%s is mounted", path).contains(path);
            }
        }
    }

    @Test
    void kafkaEnvironmentNamesBrokerSettings() {
        Set<String> known = new TreeSet<>(KafkaConfig.configDef().names());
        known.add(StandardAuthorizer.SUPER_USERS_CONFIG); // the authorizer's own setting
        for (String node : KAFKA_NODES) {
            kafkaSettings(node).keySet().forEach(key -> {
                // listener.name.<listener>.<setting>: a setting for one listener only
                String setting = key.startsWith("listener.name.") ? key.replaceFirst("^listener\\.name\\.[a-z0-9_-]+\\.", "") : key;
                assertThat(known).as("%s: %s is a broker setting", node, key).contains(setting);
            });
        }
    }

    @Test
    void everyListenerIsSaslSslAndTheListenersPortsAndMechanismsAgree() {
        for (String node : KAFKA_NODES) {
            Map<String, String> kafka = kafkaSettings(node);
            Map<String, String> listeners = endpoints(kafka.get("listeners"));
            Map<String, String> advertised = endpoints(kafka.get("advertised.listeners"));
            Map<String, String> protocols = endpoints(kafka.get("listener.security.protocol.map"));
            String controller = kafka.get("controller.listener.names");
            assertThat(listeners.keySet()).as("%s: every listener advertised, except the controller's", node)
                    .containsExactlyInAnyOrderElementsOf(concat(advertised.keySet(), controller));
            advertised.forEach((name, address) -> assertThat(port(address)).as("%s: %s's advertised port", node, name)
                    .isEqualTo(port(listeners.get(name))));
            assertThat(protocols.keySet()).containsExactlyInAnyOrderElementsOf(listeners.keySet());
            assertThat(protocols.values()).as("%s: TLS and SASL on every listener", node).containsOnly("SASL_SSL");
            for (String listener : listeners.keySet()) {
                assertThat(kafka).as("%s: %s names its SASL mechanisms", node, listener)
                        .containsKey("listener.name." + listener.toLowerCase(Locale.ROOT) + ".sasl.enabled.mechanisms");
            }
            assertThat(mechanisms(kafka, kafka.get("inter.broker.listener.name")))
                    .contains(kafka.get("sasl.mechanism.inter.broker.protocol"));
            assertThat(mechanisms(kafka, controller)).contains(kafka.get("sasl.mechanism.controller.protocol"));
            assertThat(mechanisms(kafka, "INTERNAL")).as("the services' listener").containsExactly("SCRAM-SHA-512");
            assertThat(mechanisms(kafka, "EXTERNAL")).as("the host's listener").containsExactly("SCRAM-SHA-512");
            assertThat(service(node).path("ports").toString()).contains("\"" + port(advertised.get("EXTERNAL")) + ":" + port(advertised.get("EXTERNAL")) + "\"");
            assertThat(kafka).containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .containsEntry("super.users", "User:" + KafkaProcess.ADMIN)
                    .doesNotContainKey("allow.everyone.if.no.acl.found");
            // The key store, trust store and JAAS file: secrets of the node, copied to /etc/kafka/secrets by its command.
            Set<String> secrets = secretTargets(node);
            for (String file : List.of(kafka.get("ssl.keystore.location"), kafka.get("ssl.truststore.location"),
                    jaasFile(environment(node).get("KAFKA_OPTS")))) {
                assertThat(file).startsWith("/etc/kafka/secrets/");
                assertThat(secrets).as("%s: %s comes from a secret", node, file).contains(file.substring("/etc/kafka/secrets/".length()));
            }
            assertThat(service(node).path("command").toString()).contains("/run/secrets/kafka-* /etc/kafka/secrets/");
            assertThat(service(node).path("healthcheck").path("test").toString())
                    .contains("localhost:" + port(listeners.get(kafka.get("inter.broker.listener.name"))))
                    .contains("--command-config /etc/kafka/secrets/kafka-broker-client.properties");
        }
    }

    @Test
    void everyServiceSignsInAsItsOwnPrincipalOverTlsAndHoldsItsGrants() throws IOException {
        Map<String, String> node = kafkaSettings(KAFKA_NODES.get(0));
        String scram = String.join(",", mechanisms(node, "INTERNAL"));
        Set<String> grantees = new TreeSet<>();
        ServiceAcls.grants(ServiceAcls.Names.defaults()).forEach(g -> grantees.add(g.service().user()));
        String acls = Files.readString(ROOT.resolve("deploy/kafka/acls.sh"));
        PRINCIPALS.forEach((service, principal) -> {
            assertThat(jaasSecretFile(service)).as("%s's JAAS file", service).isEqualTo("./deploy/secrets/kafka-users/" + principal.user() + ".jaas");
            assertThat(grantees).as("%s's principal is granted its ACLs", service).contains(principal.user());
            assertThat(acls).contains("--allow-principal " + principal.principal() + " ");
            assertClientSettings(service, "SASL_SSL", scram);
            assertThat(bootstrap(service)).as("%s bootstraps from the services' listener", service).allMatch(a -> port(a).equals("29092"));
        });
        // The provisioning steps: the admin, with PLAIN, on the brokers' own listener.
        String brokerMechanism = node.get("sasl.mechanism.inter.broker.protocol");
        assertClientSettings("topics-provision", "SASL_SSL", brokerMechanism);
        assertThat(jaasSecretFile("topics-provision")).isEqualTo("./deploy/secrets/kafka-users/admin.jaas");
        assertThat(jaasSecretFile("kafka-provision")).isEqualTo("./deploy/secrets/kafka-users/admin.jaas");
        String brokerPort = port(endpoints(node.get("listeners")).get(node.get("inter.broker.listener.name")));
        assertThat(bootstrap("topics-provision")).allMatch(a -> port(a).equals(brokerPort));
        assertThat(service("kafka-provision").path("command").get(1).asString().split(",")).allMatch(a -> port(a).equals(brokerPort));
        assertThat(environment("topics-provision")).containsEntry("PROCESSOR_TOPICS_PROVISIONING", "create");
        assertThat(environment("stream-processor")).containsEntry("PROCESSOR_TOPICS_PROVISIONING", "check");
        for (String waiting : List.of("stream-processor", "ws-edge")) {
            assertThat(service(waiting).path("depends_on").path("topics-provision").path("condition").asString())
                    .isEqualTo("service_completed_successfully");
        }
        // Every principal the table grants, and the admin, gets a SCRAM credential from make-secrets.sh.
        Matcher users = Pattern.compile("(?m)^kafka_users=\\(([^)]*)\\)").matcher(Files.readString(ROOT.resolve("deploy/make-secrets.sh")));
        assertThat(users.find()).isTrue();
        assertThat(List.of(users.group(1).trim().split("\\s+"))).containsExactlyInAnyOrderElementsOf(concat(grantees, KafkaProcess.ADMIN));
        assertThat(ROOT.resolve("deploy/kafka/provision.sh")).isRegularFile();
    }

    /** {@code service}'s Kafka client settings name the protocol, the mechanism and the mounted CA, for each of its clients. */
    private static void assertClientSettings(String service, String protocol, String mechanism) {
        Map<String, String> env = environment(service);
        for (String prefix : CLIENT_PREFIXES.get(service)) {
            assertThat(env).as("%s (%s*)", service, prefix).containsEntry(prefix + "SECURITY_PROTOCOL", protocol)
                    .containsEntry(prefix + "SASL_MECHANISM", mechanism)
                    .containsEntry(prefix + "SSL_TRUSTSTORE_TYPE", "PEM");
            String ca = env.get(prefix + "SSL_TRUSTSTORE_LOCATION");
            assertThat(ca).startsWith("/run/secrets/");
            assertThat(secretSources(service)).as("%s's trust store is the CA", service)
                    .containsEntry(ca.substring("/run/secrets/".length()), "kafka_ca_cert");
        }
    }

    /** The file (compose's path) of the secret that {@code service}'s JAAS option names. */
    private static String jaasSecretFile(String service) {
        Map<String, String> env = environment(service);
        String options = env.getOrDefault("JAVA_TOOL_OPTIONS", env.get("KAFKA_OPTS"));
        String file = jaasFile(options);
        assertThat(file).as("%s's JAAS file", service).startsWith("/run/secrets/");
        String source = secretSources(service).get(file.substring("/run/secrets/".length()));
        assertThat(source).as("%s's JAAS file is a secret", service).isNotNull();
        return compose.path("secrets").path(source).path("file").asString();
    }

    private static String jaasFile(String options) {
        Matcher jaas = Pattern.compile("-Djava\\.security\\.auth\\.login\\.config=(\\S+)").matcher(options == null ? "" : options);
        assertThat(jaas.find()).as("a JAAS file in %s", options).isTrue();
        return jaas.group(1);
    }

    private static List<String> bootstrap(String service) {
        return environment(service).entrySet().stream().filter(e -> e.getKey().endsWith("KAFKA_BOOTSTRAP_SERVERS")
                || e.getKey().equals("CONNECT_BOOTSTRAP_SERVERS")).flatMap(e -> Stream.of(e.getValue().split(","))).toList();
    }

    private static Set<String> secretTargets(String service) {
        return secretSources(service).keySet();
    }

    /** target -> source of a service's secrets. */
    private static Map<String, String> secretSources(String service) {
        Map<String, String> targets = new HashMap<>();
        service(service).path("secrets").forEach(s -> targets.put(s.path("target").asString(), s.path("source").asString()));
        return targets;
    }

    private static List<String> mechanisms(Map<String, String> kafka, String listener) {
        return List.of(kafka.getOrDefault("listener.name." + listener.toLowerCase(Locale.ROOT) + ".sasl.enabled.mechanisms", "").split(","));
    }

    /** NAME://host:port,... (or NAME:PROTOCOL,...) as name -> the rest. */
    private static Map<String, String> endpoints(String list) {
        Map<String, String> byName = new HashMap<>();
        for (String entry : list.split(",")) {
            int colon = entry.indexOf(':');
            byName.put(entry.substring(0, colon), entry.substring(colon + 1).replaceFirst("^//", ""));
        }
        return byName;
    }

    private static String port(String address) {
        return address.substring(address.lastIndexOf(':') + 1);
    }

    private static List<String> concat(java.util.Collection<String> some, String one) {
        List<String> all = new ArrayList<>(some);
        all.add(one);
        return all;
    }

    @Test
    void theThreeKafkaNodesFormOneReplicatedCluster() {
        Set<String> ids = new TreeSet<>();
        Set<String> voters = new TreeSet<>();
        Set<String> clusterIds = new TreeSet<>();
        List<String> internal = new ArrayList<>();
        for (String node : KAFKA_NODES) {
            Map<String, String> kafka = kafkaSettings(node);
            ids.add(kafka.get("node.id"));
            voters.add(kafka.get("controller.quorum.voters"));
            clusterIds.add(environment(node).get("CLUSTER_ID"));
            assertThat(kafka).as(node)
                    .containsEntry("process.roles", "broker,controller")
                    .containsEntry("default.replication.factor", "3")
                    .containsEntry("min.insync.replicas", "2")
                    .containsEntry("offsets.topic.replication.factor", "3")
                    .containsEntry("transaction.state.log.replication.factor", "3")
                    .containsEntry("transaction.state.log.min.isr", "2")
                    .containsEntry("auto.create.topics.enable", "false");
            assertThat(service(node).path("hostname").asString()).isEqualTo(node);
            Matcher advertised = Pattern.compile("INTERNAL://([^,]+)").matcher(kafka.get("advertised.listeners"));
            assertThat(advertised.find()).as("%s advertises its INTERNAL listener", node).isTrue();
            internal.add(advertised.group(1));
            assertThat(advertised.group(1)).startsWith(node + ":");
        }
        assertThat(ids).as("node ids, unique").hasSize(KAFKA_NODES.size());
        assertThat(clusterIds).as("one cluster id").hasSize(1);
        assertThat(voters).as("every node lists the same quorum voters").hasSize(1);
        Set<String> quorum = new TreeSet<>(List.of(voters.iterator().next().split(",")));
        Set<String> expected = new TreeSet<>();
        for (String node : KAFKA_NODES) {
            expected.add(kafkaSettings(node).get("node.id") + "@" + node + ":9093");
            assertThat(kafkaSettings(node).get("listeners")).contains("CONTROLLER://:9093");
        }
        assertThat(quorum).as("the voters are the three nodes' controllers").isEqualTo(expected);
        Map<String, String> bootstrap = Map.of("stream-processor", "PROCESSOR_KAFKA_BOOTSTRAP_SERVERS",
                "connect", "CONNECT_BOOTSTRAP_SERVERS", "ws-edge", "EDGE_KAFKA_BOOTSTRAP_SERVERS");
        bootstrap.forEach((service, variable) -> {
            assertThat(List.of(environment(service).get(variable).split(","))).as("%s's bootstrap list", service)
                    .containsExactlyInAnyOrderElementsOf(internal);
            assertThat(names(service(service).path("depends_on"))).as("%s waits for", service).containsAll(KAFKA_NODES);
        });
        assertThat(environment("stream-processor")).as("the brokers' default replication").doesNotContainKey("PROCESSOR_TOPICS_REPLICATION_FACTOR");
    }

    /**
     * A Kafka node's settings from its KAFKA_* variables, by the image's rule (_ is a dot, __ an
     * underscore, ___ a dash); CLUSTER_ID and KAFKA_OPTS (the JVM's options) are the image's own.
     */
    private static Map<String, String> kafkaSettings(String node) {
        Map<String, String> settings = new HashMap<>();
        environment(node).forEach((name, value) -> {
            if (!name.equals("CLUSTER_ID") && !name.equals("KAFKA_OPTS")) {
                String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                        .replace("___", "\u0001").replace("__", "\u0002").replace('_', '.').replace('\u0001', '-').replace('\u0002', '_');
                settings.put(key, value);
            }
        });
        return settings;
    }

    @Test
    void connectEnvironmentIsAValidDistributedWorkerConfig() {
        Map<String, String> worker = new HashMap<>();
        environment("connect").forEach((name, value) -> {
            if (!name.equals("KAFKA_OPTS")) { // the JVM's options, read by Kafka's start script
                worker.put(name.substring("CONNECT_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        DistributedConfig config = new DistributedConfig(worker);
        for (String key : worker.keySet()) {
            boolean providerClass = key.startsWith("config.providers.") && worker.get("config.providers").contains(key.split("\\.")[2]);
            boolean producer = key.startsWith("producer.") && ProducerConfig.configNames().contains(key.substring("producer.".length()));
            boolean consumer = key.startsWith("consumer.") && ConsumerConfig.configNames().contains(key.substring("consumer.".length()));
            boolean admin = key.startsWith("admin.") && AdminClientConfig.configNames().contains(key.substring("admin.".length()));
            assertThat(config.typeOf(key) != null || providerClass || producer || consumer || admin)
                    .as("%s is a worker setting", key).isTrue();
        }
        assertThat(worker.get("plugin.path")).isEqualTo("/opt/connect-plugins");
        assertThat(worker).containsEntry("producer.acks", "all");
        assertThat(config.getInt(DistributedConfig.SCHEDULED_REBALANCE_MAX_DELAY_MS_CONFIG)).isEqualTo(10_000);
        for (String storage : List.of("config", "offset", "status")) {
            assertThat(worker).as("%s storage: the brokers' default replication", storage)
                    .containsEntry(storage + ".storage.replication.factor", "-1");
        }
    }

    @Test
    void theConnectWorkerServesItsMetricsThroughTheJmxExporterWithTheDeploymentsRules() throws IOException {
        String options = environment("connect").get("KAFKA_OPTS");
        Matcher agent = Pattern.compile("-javaagent:(\\S+\\.jar)=(\\d+):(\\S+)").matcher(options);
        assertThat(agent.find()).as("KAFKA_OPTS names the agent: %s", options).isTrue();
        String dockerfile = Files.readString(ROOT.resolve("deploy/connect/Dockerfile"));
        assertThat(dockerfile).as("the image has the agent").contains("jmx_prometheus_javaagent-1.0.1.jar \\\n    " + agent.group(1));
        assertThat(dockerfile).as("the image has the rules").contains("COPY deploy/connect/jmx-exporter.yml " + agent.group(3));
        assertThat(dockerfile).contains("EXPOSE 8083 " + agent.group(2));
        assertThat(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"))).contains("\"connect:" + agent.group(2) + "\"");
    }

    @Test
    void prometheusScrapesEveryServiceAndGrafanaShowsItsDashboard() throws IOException {
        JsonNode prometheus = YAMLMapper.builder().build().readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
        Map<String, String> scraped = new HashMap<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            String path = job.path("metrics_path").asString();
            job.path("dns_sd_configs").forEach(sd -> sd.path("names").forEach(n -> scraped.put(n.asString(), sd.path("port").asInt() + path)));
            job.path("static_configs").forEach(sc -> sc.path("targets").forEach(t -> scraped.put(t.asString().split(":")[0],
                    t.asString().split(":")[1] + path)));
        }
        assertThat(scraped).containsOnly(Map.entry("stream-processor", environment("stream-processor").get("PROCESSOR_HTTP_PORT") + "/metrics"),
                Map.entry("ws-edge", "8080/actuator/prometheus"), Map.entry("connect", "9404/metrics"));
        assertThat(prometheus.path("rule_files").get(0).asString()).isEqualTo("alerts.yml");
        assertThat(service("prometheus").path("volumes").toString()).contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml");

        JsonNode datasource = YAMLMapper.builder().build()
                .readTree(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile()).path("datasources").get(0);
        assertThat(datasource.path("url").asString()).isEqualTo("http://prometheus:9090");
        JsonNode dashboards = YAMLMapper.builder().build()
                .readTree(ROOT.resolve("deploy/grafana/provisioning/dashboards/incident-feeds.yml").toFile()).path("providers").get(0);
        assertThat(service("grafana").path("volumes").toString())
                .contains("./deploy/grafana/dashboards:" + dashboards.path("options").path("path").asString());
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/dashboards/incident-feeds.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                assertThat(target.path("datasource").path("uid").asString()).as(panel.path("title").asString())
                        .isEqualTo(datasource.path("uid").asString())));
    }

    @Test
    void connectorConfigNamesOnlyKeysOfTheConnectorsConfigDef() throws Exception {
        JsonNode connector = new ObjectMapper().readTree(ROOT.resolve("deploy/connect/mqtt-source.json").toFile());
        Path plugin = ROOT.resolve("ingest-connector/target/plugin");
        assumeTrue(Files.isDirectory(plugin), "ingest-connector is packaged (mvn install or verify from the root)");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.walk(plugin)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), Connector.class.getClassLoader())) {
            Class<?> type = loader.loadClass(connector.path("connector.class").asString());
            ConfigDef def = ((Connector) type.getDeclaredConstructor().newInstance()).config();
            Set<String> generic = Set.of("connector.class", "tasks.max");
            for (String key : names(connector)) {
                assertThat(generic.contains(key) || def.names().contains(key)).as("connector key %s", key).isTrue();
            }
        }
    }

    @Test
    void processorEnvironmentNamesProcessorSettingsOrKafkaStreamsSettings() throws IOException {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve("stream-processor/src/main/resources/stream-processor.properties"))) {
            settings.load(in);
        }
        Set<String> envNames = new TreeSet<>();
        // The processor's documented rule: PROCESSOR_ + the key in upper case, '.' and '-' as '_'.
        settings.stringPropertyNames().forEach(k -> envNames.add("PROCESSOR_" + k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')));
        // Kafka Streams passes client settings (ssl.*, sasl.*) on to its consumers, producers and admin.
        Set<String> streams = new TreeSet<>(StreamsConfig.configDef().names());
        streams.addAll(ConsumerConfig.configNames());
        streams.addAll(ProducerConfig.configNames());
        streams.addAll(AdminClientConfig.configNames());
        for (String service : List.of("stream-processor", "topics-provision")) {
            environment(service).keySet().forEach(name -> {
                String streamsKey = name.startsWith("PROCESSOR_KAFKA_")
                        ? name.substring("PROCESSOR_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.') : "";
                assertThat(envNames.contains(name) || streams.contains(streamsKey) || name.equals("JAVA_TOOL_OPTIONS"))
                        .as("%s: %s is a processor setting, a Kafka Streams one or the JVM's options", service, name).isTrue();
            });
        }
        String healthPort = environment("stream-processor").get("PROCESSOR_HTTP_PORT");
        assertThat(service("stream-processor").path("healthcheck").path("test").toString()).contains("localhost:" + healthPort + "/health");
    }

    @Test
    void edgeEnvironmentAndSecretsNameEdgeProperties() throws Exception {
        Path classes = ROOT.resolve("ws-edge/target/classes");
        assumeTrue(Files.isDirectory(classes.resolve("io/incidentfeeds/edge")), "ws-edge is compiled");
        Set<String> properties = new TreeSet<>();
        URL[] path = {classes.toUri().toURL(), ROOT.resolve("access-policy/target/classes").toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(path, getClass().getClassLoader())) {
            collect("edge", loader.loadClass("io.incidentfeeds.edge.EdgeProperties"), properties);
        }
        Set<String> relaxed = new TreeSet<>();
        properties.forEach(p -> relaxed.add(p.replace("-", "").replace(".", "")));
        environment("ws-edge").forEach((name, value) -> {
            if (name.startsWith("EDGE_KAFKA_PROPERTIES_")) {
                // edge.kafka.properties.* pass to the edge's consumers as they are
                assertThat(ConsumerConfig.configNames()).as("%s names a consumer setting", name)
                        .contains(name.substring("EDGE_KAFKA_PROPERTIES_".length()).toLowerCase(Locale.ROOT).replace('_', '.'));
            } else if (name.startsWith("EDGE_")) {
                assertThat(relaxed).as("%s binds to an edge.* property", name).contains(name.toLowerCase(Locale.ROOT).replace("_", ""));
            } else {
                assertThat(name).as("a Spring Boot setting or the JVM's options")
                        .isIn("SPRING_CONFIG_IMPORT", "SERVER_PORT", "SERVER_ADDRESS", "JAVA_TOOL_OPTIONS");
            }
        });
        service("ws-edge").path("secrets").forEach(secret -> {
            String target = secret.path("target").asString();
            if (target.startsWith("kafka-")) {
                return; // the Kafka client's CA and JAAS file, named by the variables above
            }
            assertThat(relaxed).as("secret file %s is an edge property (config tree)", target).contains(target.replace("-", "").replace(".", ""));
        });
        Properties application = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve("ws-edge/src/main/resources/application.properties"))) {
            application.load(in);
        }
        assertThat(application.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
        assertThat(Files.readString(ROOT.resolve("deploy/nginx/nginx.conf"))).contains("server ws-edge:" + application.getProperty("server.port"));
    }

    /** Property names of a Spring Boot properties record, by its components (nested records of the project recursively). */
    private static void collect(String prefix, Class<?> record, Set<String> into) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> type = component.getType();
            if (type.isRecord() && type.getName().startsWith("io.incidentfeeds.")) {
                collect(name, type, into);
            } else {
                into.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        Matcher m = Pattern.compile("(?<=[a-z0-9])([A-Z])").matcher(camel);
        return m.replaceAll("-$1").toLowerCase(Locale.ROOT);
    }

    private static List<String> copySources(Path dockerfile) throws IOException {
        List<String> sources = new ArrayList<>();
        for (String line : Files.readAllLines(dockerfile)) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 3 && words[0].equals("COPY")) {
                sources.add(words[1]);
            }
        }
        return sources;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.properties().forEach(e -> names.add(e.getKey()));
        return names;
    }
}
