package io.incidentfeeds.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
            Set<String> values = new HashSet<>();
            Properties consumerProps = cluster.clientProperties();
            consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> all = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
                consumer.assign(all);
                consumer.seekToBeginning(all);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (values.size() < 100 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
            }
            assertThat(values).hasSize(100).contains("v0", "v99");
        }
    }
}
