package io.incidentfeeds.brokers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Three Kafka nodes in KRaft combined mode, each a {@link KafkaProcess} (its own child JVM, ports and
 * data directory), all three voters of the controller quorum, with {@link BrokerDefaults#threeNodes()}:
 * replication factor 3, {@code min.insync.replicas} 2. Any one node may be killed and started again;
 * clients bootstrap from all three, so they reach the cluster while one is down.
 */
public final class KafkaCluster implements KafkaBroker, AutoCloseable {

    public static final int NODES = 3;

    private final List<KafkaProcess> nodes = new ArrayList<>();

    /** @param dataDir {@code node-1..3} below it; {@code overrides} go to every node, after the defaults */
    public KafkaCluster(Path dataDir, Map<String, String> overrides) {
        int[] brokerPorts = new int[NODES];
        int[] controllerPorts = new int[NODES];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            brokerPorts[i] = KafkaProcess.freePort();
            controllerPorts[i] = KafkaProcess.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        Map<String, String> config = new LinkedHashMap<>(BrokerDefaults.threeNodes());
        config.putAll(overrides);
        for (int i = 0; i < NODES; i++) {
            nodes.add(KafkaProcess.clusterNode(dataDir.resolve("node-" + (i + 1)), i + 1, brokerPorts[i], controllerPorts[i],
                    String.join(",", voters), config));
        }
    }

    /**
     * Starts every node that is not running, at once (a node waits for a quorum of voters), then
     * waits until all three are registered brokers: before that, a topic of replication factor 3
     * cannot be created.
     */
    public Duration start(Duration timeout) {
        long begin = System.nanoTime();
        CompletableFuture.allOf(nodes.stream()
                .map(node -> CompletableFuture.runAsync(() -> node.start(timeout), runnable -> new Thread(runnable, "start-kafka-" + node.nodeId()).start()))
                .toArray(CompletableFuture[]::new)).join();
        awaitBrokers(NODES, timeout);
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** Node {@code id} (1 to 3). */
    public KafkaProcess node(int id) {
        return nodes.get(id - 1);
    }

    public List<KafkaProcess> nodes() {
        return List.copyOf(nodes);
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

    /** Creates a topic with the cluster's default replication (3) and waits for its leaders. */
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

    /** Stops every node gracefully. */
    @Override
    public void close() {
        nodes.forEach(KafkaProcess::stop);
    }
}
