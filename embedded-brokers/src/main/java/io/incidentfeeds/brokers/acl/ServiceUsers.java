package io.incidentfeeds.brokers.acl;

import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.brokers.ScramBroker;
import io.incidentfeeds.brokers.acl.ServiceAcls.Names;
import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The admin's provisioning step on a secured broker ({@link KafkaProcess#withScram}) or cluster, as
 * {@code deploy/kafka/provision.sh} does it with Kafka's tools: one SCRAM-SHA-512 user per service
 * with its password (made again with a new one on rotation), then the grants of {@link ServiceAcls}.
 * Returns once every node enforces every grant and every service can sign in to every node: each
 * node learns users and ACLs from the metadata log on its own, a moment apart, and a service may
 * bootstrap from any of them.
 */
public final class ServiceUsers {

    /** Kafka's default and the scripts' iteration count. */
    public static final int ITERATIONS = 8192;
    /** How long every node has to show the users and grants. */
    public static final Duration AGREEMENT_BOUND = Duration.ofSeconds(30);
    private static final Duration ATTEMPT = Duration.ofSeconds(5);

    private ServiceUsers() {
    }

    public static void provision(ScramBroker kafka, Map<Service, String> passwords, Names names) throws InterruptedException {
        provision(kafka, passwords, names, AGREEMENT_BOUND);
    }

    /** The same, failing with the node that lags if not every node agrees within {@code bound}. */
    public static void provision(ScramBroker kafka, Map<Service, String> passwords, Names names, Duration bound)
            throws InterruptedException {
        try (Admin admin = kafka.admin()) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            passwords.forEach((service, password) -> users.add(new UserScramCredentialUpsertion(service.user(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)));
            admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(ServiceAcls.bindings(names)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot provision the services' users and ACLs", e);
        }
        long deadline = System.nanoTime() + bound.toNanos();
        int grants = ServiceAcls.grants(names).size();
        for (String node : kafka.bootstrapServers().split(",")) {
            awaitAcls(kafka, node, grants, deadline, bound);
            for (var user : passwords.entrySet()) {
                awaitSignIn(kafka, node, user.getKey(), user.getValue(), deadline, bound);
            }
        }
    }

    /**
     * Waits until {@code node}'s own authorizer lists {@code grants} ACLs: once it lists them all, it
     * enforces them all. DescribeAcls goes to the least loaded broker an admin client knows, which is
     * one it is connected to and idle if there is one: so each attempt is a new client that
     * bootstraps from {@code node} alone and first asks for that broker's own configuration, which
     * only it answers; then DescribeAcls has that one connection to go on.
     */
    private static void awaitAcls(ScramBroker kafka, String node, int grants, long deadline, Duration bound)
            throws InterruptedException {
        Properties props = kafka.clientProperties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, node);
        Exception last = null;
        int listed = -1;
        while (true) {
            try (Admin admin = Admin.create(props)) {
                ConfigResource self = new ConfigResource(ConfigResource.Type.BROKER, brokerId(kafka, node, deadline));
                admin.describeConfigs(List.of(self)).all().get(attempt(deadline), TimeUnit.MILLISECONDS);
                listed = admin.describeAcls(AclBindingFilter.ANY).values().get(attempt(deadline), TimeUnit.MILLISECONDS).size();
                if (listed >= grants) {
                    return;
                }
            } catch (ExecutionException | TimeoutException | IllegalStateException notYet) {
                last = notYet;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka node " + node + (listed < 0 ? " did not answer" : " lists " + listed)
                        + " of the " + grants + " service ACLs after " + bound, last);
            }
            Thread.sleep(100);
        }
    }

    /** The id of the registered broker that listens at {@code node}, asked of any node. */
    private static String brokerId(ScramBroker kafka, String node, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        try (Admin admin = kafka.admin()) {
            return admin.describeCluster().nodes().get(attempt(deadline), TimeUnit.MILLISECONDS).stream()
                    .filter(n -> node.equals(n.host() + ":" + n.port())).findFirst().map(Node::idString)
                    .orElseThrow(() -> new IllegalStateException(node + " is not among the registered brokers"));
        }
    }

    /**
     * Waits until {@code service} signs in to {@code node}: a client bootstrapping from it alone
     * authenticates there before it asks anything.
     */
    private static void awaitSignIn(ScramBroker kafka, String node, Service service, String password, long deadline,
                                    Duration bound) throws InterruptedException {
        Properties props = kafka.scramClientProperties(service.user(), password);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, node);
        while (true) {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().clusterId().get(attempt(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.user() + " cannot sign in to Kafka node " + node + " after " + bound, notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    /** One request's wait: at most {@link #ATTEMPT}, at least 100 ms, and not far past the deadline. */
    private static long attempt(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        return Math.max(100, Math.min(ATTEMPT.toMillis(), left));
    }
}
