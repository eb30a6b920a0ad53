package io.incidentfeeds.brokers;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Kafka nodes in KRaft combined mode, each a {@link KafkaProcess} (its own child JVM, ports and data
 * directory {@code node-<id>}), all of them voters of the controller quorum, with
 * {@link BrokerDefaults#cluster}: from three nodes on, replication factor 3 and
 * {@code min.insync.replicas} 2, so that any one node may be killed and started again while clients,
 * which bootstrap from all of them, keep writing. One node is laid out as a lone broker is (its data
 * directly in the data directory). {@link #withScram}: every node secured as
 * {@link KafkaProcess#withScram} secures one.
 */
public final class KafkaCluster implements ScramBroker, AutoCloseable {

    /** The deployment's size ({@code docker-compose.yml}) and the fault rehearsal's. */
    public static final int NODES = 3;

    private static final Pattern NODE_DIR = Pattern.compile("node-[1-9][0-9]*");

    private final List<KafkaProcess> nodes = new ArrayList<>();
    private final int replicationFactor;

    /** {@value #NODES} nodes on free ports; {@code overrides} go to every node, after the defaults. */
    public KafkaCluster(Path dataDir, Map<String, String> overrides) {
        this(dataDir, NODES, 0, overrides);
    }

    /** {@code count} nodes, the first on {@code firstPort} (0: a free one), the others on free ports. */
    public KafkaCluster(Path dataDir, int count, int firstPort, Map<String, String> overrides) {
        this(dataDir, count, firstPort, null, null, overrides);
    }

    /**
     * The same, secured: SASL (over TLS with {@code tls}) between clients and nodes and between the
     * nodes, {@code StandardAuthorizer}, the admin the only super user, as {@link KafkaProcess#withScram}.
     */
    public static KafkaCluster withScram(Path dataDir, int count, int firstPort, String adminPassword, KafkaTls tls,
                                         Map<String, String> overrides) {
        return new KafkaCluster(dataDir, count, firstPort, adminPassword, tls, overrides);
    }

    private KafkaCluster(Path dataDir, int count, int firstPort, String adminPassword, KafkaTls tls,
                         Map<String, String> overrides) {
        Map<String, String> config = new LinkedHashMap<>(BrokerDefaults.cluster(count));
        config.putAll(overrides);
        this.replicationFactor = Integer.parseInt(config.get("default.replication.factor"));
        int[] brokerPorts = new int[count];
        int[] controllerPorts = new int[count];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            brokerPorts[i] = i == 0 && firstPort != 0 ? firstPort : KafkaProcess.freePort();
            controllerPorts[i] = KafkaProcess.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        for (int i = 0; i < count; i++) {
            nodes.add(KafkaProcess.clusterNode(nodeDir(dataDir, count, i + 1), i + 1, brokerPorts[i], controllerPorts[i],
                    String.join(",", voters), config, adminPassword, tls));
        }
    }

    private static Path nodeDir(Path dataDir, int count, int id) {
        return count == 1 ? dataDir : dataDir.resolve("node-" + id);
    }

    /**
     * How many nodes the data in {@code dataDir} was formatted for: 0 when none was, 1 for a lone
     * node's layout. A cluster started on data made for another size would not be the same cluster.
     * The size is that of the quorum named in a formatted node's {@code server.properties} (written
     * before its format), not the count of formatted nodes: a first start that failed after
     * formatting some of them made the data for all of them, and the next start formats the rest.
     */
    public static int formattedNodes(Path dataDir) {
        if (Files.exists(dataDir.resolve("logs/meta.properties"))) {
            return 1;
        }
        if (!Files.isDirectory(dataDir)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            List<Path> formatted = entries.filter(dir -> NODE_DIR.matcher(dir.getFileName().toString()).matches())
                    .filter(dir -> Files.exists(dir.resolve("logs/meta.properties"))).sorted().toList();
            if (formatted.isEmpty()) {
                return 0;
            }
            Properties config = new Properties();
            try (Reader reader = Files.newBufferedReader(formatted.get(0).resolve("server.properties"))) {
                config.load(reader);
            }
            String voters = config.getProperty("controller.quorum.voters", "");
            return voters.isBlank() ? formatted.size() : voters.split(",").length;
        } catch (NoSuchFileException noConfig) {
            throw new IllegalStateException("a formatted Kafka node in " + dataDir + " has no server.properties;"
                    + " start with --clean to make the data again", noConfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts every node that is not running, at once (a node waits for a quorum of voters), then
     * waits until all are registered brokers: before that, a topic replicated to all of them
     * cannot be created.
     */
    public Duration start(Duration timeout) {
        long begin = System.nanoTime();
        onEachNode("start", node -> node.start(timeout));
        awaitBrokers(nodes.size(), timeout);
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** Every node's maximum heap ({@link KafkaProcess#heap}); {@value KafkaProcess#DEFAULT_HEAP} unless set. */
    public KafkaCluster heap(String heap) {
        nodes.forEach(node -> node.heap(heap));
        return this;
    }

    /** Node {@code id} (1 to the number of nodes). */
    public KafkaProcess node(int id) {
        return nodes.get(id - 1);
    }

    public List<KafkaProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The replication factor of a topic created without one ({@code default.replication.factor}). */
    public int replicationFactor() {
        return replicationFactor;
    }

    /** The id of the quorum's leader: the active controller. */
    public int activeController() {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the metadata quorum", e);
        }
    }

    /** Waits until {@code count} brokers are registered and unfenced (describeCluster lists them). */
    public void awaitBrokers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
                        return;
                    }
                } catch (Exception notYet) {
                    // no quorum yet, or the node asked is still starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fewer than " + count + " brokers registered after " + timeout);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String bootstrapServers() {
        return nodes.stream().map(KafkaProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    /** Node 1's client properties (on a secured cluster, the admin's), bootstrapping from every node. */
    @Override
    public Properties clientProperties() {
        return everyNode(nodes.get(0).clientProperties());
    }

    @Override
    public Properties securityProperties() {
        return everyNode(nodes.get(0).securityProperties());
    }

    @Override
    public Properties scramClientProperties(String user, String password) {
        return everyNode(nodes.get(0).scramClientProperties(user, password));
    }

    private Properties everyNode(Properties props) {
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** Creates a topic with the cluster's default replication and waits for its leaders. */
    @Override
    public String createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
        awaitLeaders(name, partitions);
        return name;
    }

    /** Kills every node at once (SIGKILL), as a power cut would. */
    public void kill() {
        onEachNode("kill", KafkaProcess::kill);
    }

    /**
     * Stops every node gracefully, all at once: one by one, the last node's controlled shutdown
     * would wait for a quorum that the others took with them.
     */
    @Override
    public void close() {
        onEachNode("stop", KafkaProcess::stop);
    }

    private void onEachNode(String action, Consumer<KafkaProcess> step) {
        CompletableFuture.allOf(nodes.stream()
                .map(node -> CompletableFuture.runAsync(() -> step.accept(node),
                        runnable -> new Thread(runnable, action + "-kafka-" + node.nodeId()).start()))
                .toArray(CompletableFuture[]::new)).join();
    }
}
