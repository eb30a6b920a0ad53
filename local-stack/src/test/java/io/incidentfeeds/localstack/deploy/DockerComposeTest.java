package io.incidentfeeds.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * settings file, ws-edge's {@code edge.*} properties, the connector's ConfigDef).
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> KAFKA_NODES = List.of("kafka-1", "kafka-2", "kafka-3");
    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        compose = YAMLMapper.builder().build().readTree(ROOT.resolve("docker-compose.yml").toFile());
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
                .contains("kafka-1", "kafka-2", "kafka-3", "mosquitto", "connect", "connect-register", "stream-processor", "ws-edge",
                        "edge-lb", "prometheus", "grafana");
        assertThat(service("stream-processor").path("deploy").path("replicas").asInt()).isEqualTo(2);
        assertThat(service("ws-edge").path("deploy").path("replicas").asInt()).isEqualTo(2);
        KAFKA_NODES.forEach(node -> assertThat(service(node).path("image").asString()).startsWith("apache/kafka:"));
        compose.path("services").properties().forEach(s -> {
            String image = s.getValue().path("image").asString();
            assertThat(image).as("%s's image, pinned to a version", s.getKey()).matches("[a-z0-9./-]+:v?[0-9][\\w.]*");
            assertThat(s.getValue().has("healthcheck") || s.getKey().equals("connect-register") || s.getKey().equals("edge-lb"))
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
        Set<String> known = KafkaConfig.configDef().names();
        for (String node : KAFKA_NODES) {
            kafkaSettings(node).keySet().forEach(key -> assertThat(known).as("%s: %s is a broker setting", node, key).contains(key));
        }
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

    /** A Kafka node's settings from its KAFKA_* variables (CLUSTER_ID, the image's own, aside). */
    private static Map<String, String> kafkaSettings(String node) {
        Map<String, String> settings = new HashMap<>();
        environment(node).forEach((name, value) -> {
            if (!name.equals("CLUSTER_ID")) {
                settings.put(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
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
            assertThat(config.typeOf(key) != null || providerClass || producer).as("%s is a worker setting", key).isTrue();
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
        Set<String> streams = StreamsConfig.configDef().names();
        environment("stream-processor").keySet().forEach(name -> {
            String streamsKey = name.startsWith("PROCESSOR_KAFKA_")
                    ? name.substring("PROCESSOR_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.') : "";
            assertThat(envNames.contains(name) || streams.contains(streamsKey))
                    .as("%s is a processor setting or a Kafka Streams one", name).isTrue();
        });
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
            if (name.startsWith("EDGE_")) {
                assertThat(relaxed).as("%s binds to an edge.* property", name).contains(name.toLowerCase(Locale.ROOT).replace("_", ""));
            } else {
                assertThat(name).as("a Spring Boot setting").isIn("SPRING_CONFIG_IMPORT", "SERVER_PORT", "SERVER_ADDRESS");
            }
        });
        service("ws-edge").path("secrets").forEach(secret -> {
            String target = secret.path("target").asString();
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
