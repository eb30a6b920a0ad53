package io.incidentfeeds.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerDefaultsTest {

    @Test
    void oneNodeIsASingleNode() {
        assertThat(BrokerDefaults.cluster(1)).isEqualTo(BrokerDefaults.singleNode());
    }

    @Test
    void everyPartitionIsOnAtMostThreeNodesAndFromThreeOnAWriteWaitsForTwo() {
        assertThat(BrokerDefaults.cluster(2)).containsEntry("default.replication.factor", "2")
                .containsEntry("offsets.topic.replication.factor", "2").containsEntry("min.insync.replicas", "1");
        for (int nodes : new int[] {3, 5}) {
            assertThat(BrokerDefaults.cluster(nodes)).as("%d nodes", nodes)
                    .containsEntry("default.replication.factor", "3").containsEntry("offsets.topic.replication.factor", "3")
                    .containsEntry("transaction.state.log.replication.factor", "3")
                    .containsEntry("min.insync.replicas", "2").containsEntry("transaction.state.log.min.isr", "2");
        }
    }

    @Test
    void aClusterHasANode() {
        assertThatThrownBy(() -> BrokerDefaults.cluster(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }
}
