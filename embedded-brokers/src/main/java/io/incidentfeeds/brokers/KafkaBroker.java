package io.incidentfeeds.brokers;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** A running, real Kafka broker that clients (tests, the local stack) reach over the network. */
public interface KafkaBroker {

    /** {@code host:port} of the plaintext listener, for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Client properties with {@code bootstrap.servers} set; add the rest per client. */
    default Properties clientProperties() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** A new admin client; close it after use. */
    default Admin admin() {
        return Admin.create(clientProperties());
    }

    /**
     * Creates a topic (replication factor 1) and waits until every partition has a leader. Creating
     * one that exists is not an error. (The controller acknowledges a creation before the broker
     * serves the new partitions; a producer started in that gap can time out on a loaded machine.)
     */
    default String createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(java.util.List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
        awaitLeaders(name, partitions);
        return name;
    }

    /** Waits (up to 60 s) until the broker serves {@code partitions} partitions of {@code topic}, each with a leader. */
    default void awaitLeaders(String topic, int partitions) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = admin()) {
            while (true) {
                try {
                    var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                            .get(10, TimeUnit.SECONDS).get(topic);
                    if (description.partitions().size() >= partitions
                            && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    // the broker does not know the topic yet: ask again
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has no leader for every partition after 60 s");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + topic, e);
        }
    }

    default String createTopic(String name, int partitions) {
        return createTopic(name, partitions, Map.of());
    }

    /**
     * A topic name no other test in this JVM uses, so that tests sharing the broker do not see each
     * other's records: {@code base + "-" + n}.
     */
    static String uniqueName(String base) {
        return base + "-" + Names.COUNTER.incrementAndGet();
    }

    /** Holder of the per-JVM counter behind {@link #uniqueName(String)}. */
    final class Names {
        static final AtomicInteger COUNTER = new AtomicInteger();

        private Names() {
        }
    }
}
