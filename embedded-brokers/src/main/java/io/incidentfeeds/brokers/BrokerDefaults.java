package io.incidentfeeds.brokers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Broker settings every broker of this project shares: a single node ({@link KafkaProcess},
 * test-support's in-JVM broker) or a node of a {@link KafkaCluster}.
 */
public final class BrokerDefaults {

    private BrokerDefaults() {
    }

    public static Map<String, String> singleNode() {
        Map<String, String> config = new LinkedHashMap<>();
        // One node: internal topics cannot have more replicas than that.
        config.put("offsets.topic.replication.factor", "1");
        // Components create topics with replication factor -1, the broker's default: one here.
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "4");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // Tests and the local stack should not wait 3 s for the first consumer group to settle.
        config.put("group.initial.rebalance.delay.ms", "0");
        // Components must create the topics they need, as in production.
        config.put("auto.create.topics.enable", "false");
        config.put("num.partitions", "1");
        config.put("log.flush.interval.messages", "9223372036854775807");
        return config;
    }

    /**
     * The settings of a node of a cluster of {@code nodes}: every partition (the internal topics' too)
     * on {@code min(nodes, 3)} of them and, from three nodes on, a write acknowledged by two of them
     * ({@code min.insync.replicas} 2, as {@code docker-compose.yml} sets them), so that one node may be
     * lost without losing a write or the ability to write. One node: {@link #singleNode()}.
     */
    public static Map<String, String> cluster(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster has at least one node, not " + nodes);
        }
        Map<String, String> config = singleNode();
        String replicas = Integer.toString(Math.min(nodes, 3));
        String minInsync = nodes >= 3 ? "2" : "1";
        config.put("offsets.topic.replication.factor", replicas);
        config.put("default.replication.factor", replicas);
        config.put("min.insync.replicas", minInsync);
        config.put("transaction.state.log.replication.factor", replicas);
        config.put("transaction.state.log.min.isr", minInsync);
        config.put("share.coordinator.state.topic.replication.factor", replicas);
        config.put("share.coordinator.state.topic.min.isr", minInsync);
        return config;
    }
}
