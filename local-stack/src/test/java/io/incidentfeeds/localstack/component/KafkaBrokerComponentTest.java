package io.incidentfeeds.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.brokers.KafkaCluster;
import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.localstack.kafka.KafkaPrincipals;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
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

    @Test
    void aFirstStartThatFailedAfterFormattingSomeNodesIsTakenUpByTheNext() throws Exception {
        // Node 3's directory cannot be made (a file stands in its place): nodes 1 and 2 are formatted, node 3 is not.
        Path blocker = Files.writeString(dir.resolve("node-3"), "not a directory\n");
        KafkaBrokerComponent first = new KafkaBrokerComponent(dir, 3, 0);
        try {
            assertThatThrownBy(() -> first.start(Duration.ofMinutes(2))).hasRootCauseInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        } finally {
            first.kill();
        }
        assertThat(dir.resolve("node-1/logs/meta.properties")).exists();
        assertThat(dir.resolve("node-3")).isRegularFile();
        assertThat(KafkaCluster.formattedNodes(dir)).isEqualTo(3);

        Files.delete(blocker);
        try (KafkaBrokerComponent again = new KafkaBrokerComponent(dir, 3, 0)) {
            again.start(Duration.ofMinutes(3));
            assertThat(dir.resolve("node-3/logs/meta.properties")).exists();
            try (Admin admin = again.cluster().admin()) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
            }
        }
        assertThatThrownBy(() -> new KafkaBrokerComponent(dir, 2, 0).start(Duration.ofSeconds(5)))
                .hasMessageContaining("made for kafka.nodes=3, not 2");
    }

    @Test
    void aFirstSecuredStartThatFailedAfterTheFormatIsTakenUpSecured() throws Exception {
        KafkaPrincipals principals = KafkaPrincipals.loadOrCreate(dir);
        Path kafkaDir = dir.resolve("kafka");
        // The broker's port is taken: the node is formatted, then its JVM cannot listen and never registers.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            KafkaBrokerComponent first = KafkaBrokerComponent.secured(kafkaDir, 1, taken.getLocalPort(), dir.resolve("tls"), principals);
            try {
                assertThatThrownBy(() -> first.start(Duration.ofSeconds(15))).isInstanceOf(IllegalStateException.class);
            } finally {
                first.kill();
            }
        }
        assertThat(KafkaCluster.formattedNodes(kafkaDir)).isEqualTo(1);

        try (KafkaBrokerComponent again = KafkaBrokerComponent.secured(kafkaDir, 1, 0, dir.resolve("tls"), principals)) {
            again.start(Duration.ofMinutes(2));
        }
        assertThatThrownBy(() -> new KafkaBrokerComponent(kafkaDir, 1, 0).start(Duration.ofSeconds(5)))
                .hasMessageContaining("made with kafka.secure");
    }
}
