package io.incidentfeeds.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.brokers.acl.ServiceAcls.Names;
import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import io.incidentfeeds.brokers.acl.ServiceUsers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClusterTest {

    @Test
    void staysWritableAndLosesNothingWhenTheActiveControllerIsKilled(@TempDir Path dir) throws Exception {
        try (KafkaCluster cluster = new KafkaCluster(dir, Map.of())) {
            cluster.start(Duration.ofMinutes(3));
            String topic = cluster.createTopic("replicated", 2, Map.of());
            try (Admin admin = cluster.admin()) {
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
                assertThat(partitions).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }
            Properties props = cluster.clientProperties();
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
                }
                int controller = cluster.activeController();
                cluster.node(controller).kill();
                // Two of three replicas are min.insync.replicas: still writable, and a new controller is elected.
                for (int i = 50; i < 100; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(2, TimeUnit.MINUTES);
                }
                assertThat(cluster.activeController()).isNotEqualTo(controller);
                cluster.start(Duration.ofMinutes(2));
            }
            Properties consumerProps = cluster.clientProperties();
            consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            assertThat(values(consumerProps, topic, 2, 100)).hasSize(100).contains("v0", "v99");
        }
    }

    @Test
    void aSecuredClusterSignsInEachServiceOnEveryNodeAndStaysWritableWithoutOne(@TempDir Path dir) throws Exception {
        try (KafkaCluster cluster = KafkaCluster.withScram(dir.resolve("kafka"), 3, 0, UUID.randomUUID().toString(),
                KafkaTls.loadOrCreate(dir.resolve("tls")), Map.of())) {
            cluster.start(Duration.ofMinutes(3));
            Names names = Names.defaults();
            Map<Service, String> passwords = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                passwords.put(service, UUID.randomUUID().toString());
            }
            ServiceUsers.provision(cluster, passwords, names);
            String raw = cluster.createTopic(names.raw(), 3, Map.of());
            try (Admin admin = cluster.admin()) {
                var partitions = admin.describeTopics(List.of(raw)).allTopicNames().get(30, TimeUnit.SECONDS).get(raw).partitions();
                assertThat(partitions).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }
            // The Connect worker's principal, which may write raw, over SASL_SSL to any of the three.
            Properties props = cluster.scramClientProperties(Service.CONNECT.user(), passwords.get(Service.CONNECT));
            assertThat(props.getProperty("bootstrap.servers").split(",")).hasSize(3);
            assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 30; i++) {
                    producer.send(new ProducerRecord<>(raw, "k" + i, "v" + i)).get(2, TimeUnit.MINUTES);
                }
                cluster.node(2).kill();
                for (int i = 30; i < 60; i++) {
                    producer.send(new ProducerRecord<>(raw, "k" + i, "v" + i)).get(2, TimeUnit.MINUTES);
                }
            }
            assertThat(values(cluster.clientProperties(), raw, 3, 60)).hasSize(60).contains("v0", "v59");

            // Provisioning waits for every node: one that cannot confirm the users and grants is named, within the bound.
            String down = cluster.node(2).bootstrapServers();
            assertThatThrownBy(() -> ServiceUsers.provision(cluster, passwords, names, Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Kafka node " + down)
                    .hasMessageContaining("after PT5S");
        }
    }

    /** The values in {@code topic}'s {@code partitions} partitions, read from the start until {@code expected} (at most 60 s). */
    private static Set<String> values(Properties props, String topic, int partitions, int expected) {
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = java.util.stream.IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
