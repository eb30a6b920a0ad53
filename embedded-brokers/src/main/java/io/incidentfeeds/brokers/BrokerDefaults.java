package io.incidentfeeds.brokers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Broker settings every single-node broker of this project shares: {@link KafkaProcess} and
 * test-support's in-JVM broker.
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
}
