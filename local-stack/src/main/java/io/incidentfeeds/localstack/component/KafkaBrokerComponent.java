package io.incidentfeeds.localstack.component;

import io.incidentfeeds.brokers.KafkaCluster;
import io.incidentfeeds.brokers.KafkaTls;
import io.incidentfeeds.brokers.acl.ServiceAcls;
import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import io.incidentfeeds.brokers.acl.ServiceUsers;
import io.incidentfeeds.localstack.kafka.KafkaPrincipals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka in KRaft mode, each broker+controller node in a child JVM, its log under
 * {@code data.dir/kafka}: one node ({@code kafka.nodes=1}, the default), or embedded-brokers'
 * {@link KafkaCluster} of several ({@code data.dir/kafka/node-<id>}), every topic on
 * {@code min(nodes, 3)} of them and, from three on, a write acknowledged by two. Secured
 * ({@link #secured}): SASL_SSL with the stack's own CA, {@code StandardAuthorizer}, and at every
 * start the admin's provisioning step: each service's SCRAM user and the grants of
 * {@link ServiceAcls}.
 */
public final class KafkaBrokerComponent implements Component {

    /**
     * Present in a data directory formatted for a secured broker: a later start in the other mode
     * is refused, since a plaintext format has no admin credential to sign in with and a secured
     * one holds users and ACLs that a plaintext broker would silently ignore.
     */
    private static final String SECURED_MARK = "secured";

    /** Each node is a JVM of {@code kafka.heap} (512 MB): a limit that keeps a typo from starting dozens. */
    public static final int MAX_NODES = 5;

    private final KafkaCluster broker;
    private final Path dataDir;
    private final KafkaPrincipals principals;

    /** {@code nodes} nodes, the first on {@code port}, the others on free ports. */
    public KafkaBrokerComponent(Path dataDir, int nodes, int port) {
        // Seven days of segment retention is the broker default; topics set their own (raw: 30 days).
        this(dataDir, new KafkaCluster(dataDir, checkedNodes(nodes), port, Map.of("num.partitions", "3")), null);
    }

    private KafkaBrokerComponent(Path dataDir, KafkaCluster broker, KafkaPrincipals principals) {
        this.dataDir = dataDir;
        this.broker = broker;
        this.principals = principals;
    }

    /** The broker secured: SASL_SSL (TLS material in {@code tlsDir}, made there once), the services' principals. */
    public static KafkaBrokerComponent secured(Path dataDir, int nodes, int port, Path tlsDir, KafkaPrincipals principals) {
        KafkaCluster broker = KafkaCluster.withScram(dataDir, checkedNodes(nodes), port, principals.adminPassword(),
                KafkaTls.loadOrCreate(tlsDir), Map.of("num.partitions", "3"));
        return new KafkaBrokerComponent(dataDir, broker, principals);
    }

    /** Each node's maximum heap ({@code kafka.heap}, as {@code -Xmx} takes it), from the next start on. */
    public KafkaBrokerComponent heap(String heap) {
        broker.heap(heap);
        return this;
    }

    private static int checkedNodes(int nodes) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("kafka.nodes must be 1 to " + MAX_NODES + ", not " + nodes);
        }
        return nodes;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void start(Duration timeout) throws Exception {
        int formattedFor = KafkaCluster.formattedNodes(dataDir);
        if (formattedFor > 0 && formattedFor != broker.nodes().size()) {
            throw new IllegalStateException("the Kafka data in " + dataDir + " was made for kafka.nodes=" + formattedFor
                    + ", not " + broker.nodes().size() + "; start with --clean to make it again");
        }
        boolean formatted = formattedFor > 0;
        boolean secured = Files.exists(dataDir.resolve(SECURED_MARK));
        if (formatted && secured != (principals != null)) {
            throw new IllegalStateException("the Kafka data in " + dataDir + " was made " + (secured ? "with" : "without")
                    + " kafka.secure; start with --clean to make it again the other way");
        }
        if (!formatted) {
            // Before the format, so that a first start failing half-way is taken up again in the same mode.
            markMode();
        }
        broker.start(timeout);
        if (principals != null) {
            ServiceUsers.provision(broker, principals.servicePasswords(), ServiceAcls.Names.defaults());
        }
    }

    /** Records the mode the data is about to be made in: the mark present for a secured broker, absent otherwise. */
    private void markMode() {
        try {
            Path mark = dataDir.resolve(SECURED_MARK);
            if (principals == null) {
                Files.deleteIfExists(mark);
            } else {
                Files.createDirectories(dataDir);
                Files.writeString(mark, "formatted with SCRAM (kafka.secure=true)\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String address() {
        int nodes = broker.nodes().size();
        String replicated = nodes == 1 ? "" : " (" + nodes + " nodes, replication factor " + broker.replicationFactor() + ")";
        return broker.bootstrapServers() + replicated + (principals == null ? "" : " (SASL_SSL, SCRAM-SHA-512, ACLs)");
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The broker's nodes; clients reach them through its {@code bootstrapServers()} or {@code clientProperties()}. */
    public KafkaCluster cluster() {
        return broker;
    }

    /** The principals of a secured broker; null when it is not secured. */
    public KafkaPrincipals principals() {
        return principals;
    }

    /** How {@code service}'s JVM reaches this broker: as its own principal when secured, else plaintext. */
    public KafkaAccess access(Service service) throws IOException {
        return principals == null ? KafkaAccess.PLAINTEXT : principals.access(service, broker);
    }

    /** Complete client properties as {@code service} (bootstrap servers and, when secured, TLS and its credential). */
    public Properties clientProperties(Service service) {
        return principals == null ? broker.clientProperties() : principals.clientProperties(service, broker);
    }

    @Override
    public void kill() {
        broker.kill();
    }

    @Override
    public void close() {
        broker.close();
    }
}
