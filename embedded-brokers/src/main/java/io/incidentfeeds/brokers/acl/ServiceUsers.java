package io.incidentfeeds.brokers.acl;

import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.brokers.ScramBroker;
import io.incidentfeeds.brokers.acl.ServiceAcls.Names;
import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * The admin's provisioning step on a secured broker ({@link KafkaProcess#withScram}), as
 * {@code deploy/kafka/provision.sh} does it with Kafka's tools: one SCRAM-SHA-512 user per service
 * with its password (made again with a new one on rotation), then the grants of {@link ServiceAcls}.
 * Returns once the broker enforces every grant and every service can sign in.
 */
public final class ServiceUsers {

    /** Kafka's default and the scripts' iteration count. */
    public static final int ITERATIONS = 8192;

    private ServiceUsers() {
    }

    public static void provision(ScramBroker kafka, Map<Service, String> passwords, Names names) throws InterruptedException {
        try (Admin admin = kafka.admin()) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            passwords.forEach((service, password) -> users.add(new UserScramCredentialUpsertion(service.user(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)));
            admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(ServiceAcls.bindings(names)).all().get(30, TimeUnit.SECONDS);
            // The broker's authorizer answers DescribeAcls: once it lists them all, it enforces them all.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS).size() < ServiceAcls.grants(names).size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker does not list the " + ServiceAcls.grants(names).size() + " ACLs after 30 s");
                }
                Thread.sleep(50);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot provision the services' users and ACLs", e);
        }
        for (var user : passwords.entrySet()) {
            awaitSignIn(kafka, user.getKey(), user.getValue());
        }
    }

    /** The broker learns new SCRAM credentials from the metadata log shortly after the controller. */
    private static void awaitSignIn(ScramBroker kafka, Service service, String password) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin admin = Admin.create(kafka.scramClientProperties(service.user(), password))) {
                admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.user() + " cannot sign in after 30 s", notYet);
                }
                Thread.sleep(100);
            }
        }
    }
}
