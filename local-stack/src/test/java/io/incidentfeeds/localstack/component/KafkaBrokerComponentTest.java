package io.incidentfeeds.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.brokers.KafkaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerComponentTest {

    @TempDir
    Path dir;

    @Test
    void refusesANodeCountOutsideOneToFive() {
        for (int nodes : new int[] {0, -1, KafkaBrokerComponent.MAX_NODES + 1}) {
            assertThatThrownBy(() -> new KafkaBrokerComponent(dir, nodes, 0)).as("%d nodes", nodes)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafka.nodes must be 1 to 5");
        }
    }

    @Test
    void threeNodesBootstrapFromEachWithTheFirstOnTheStacksPort() {
        int port = KafkaProcess.freePort();
        KafkaBrokerComponent kafka = new KafkaBrokerComponent(dir, 3, port);
        assertThat(kafka.bootstrapServers().split(",")).hasSize(3).startsWith("127.0.0.1:" + port).doesNotHaveDuplicates();
        assertThat(kafka.cluster().replicationFactor()).isEqualTo(3);
        assertThat(kafka.address()).contains("3 nodes, replication factor 3");
    }

    @Test
    void refusesDataMadeForAnotherNodeCountBeforeStartingAnyNode() throws Exception {
        Path oneNode = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(oneNode.resolve("meta.properties"), "node.id=1\n");

        KafkaBrokerComponent three = new KafkaBrokerComponent(dir, 3, 0);

        assertThatThrownBy(() -> three.start(Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("made for kafka.nodes=1, not 3").hasMessageContaining("--clean");
        assertThat(dir.resolve("node-1")).doesNotExist();
    }

    @Test
    void eachNodesJvmRunsWithTheConfiguredHeap() throws Exception {
        try (KafkaBrokerComponent kafka = new KafkaBrokerComponent(dir, 1, 0).heap("320m")) {
            kafka.start(Duration.ofMinutes(2));

            // The kernel's copy of the child's arguments, NUL-separated (ProcessHandle.Info leaves out a command line this long).
            long pid = kafka.cluster().node(1).processHandle().orElseThrow().pid();
            List<String> arguments = List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
            assertThat(arguments).contains("-Xmx320m").doesNotContain("-Xmx" + KafkaProcess.DEFAULT_HEAP);
        }
    }

    @Test
    void refusesAHeapTheJvmWouldNotTake() {
        KafkaBrokerComponent kafka = new KafkaBrokerComponent(dir, 1, 0);
        for (String heap : new String[] {"", "512 m", "-1m", "lots", "512m -XX:+Foo"}) {
            assertThatThrownBy(() -> kafka.heap(heap)).as(heap).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Kafka heap");
        }
    }
}
