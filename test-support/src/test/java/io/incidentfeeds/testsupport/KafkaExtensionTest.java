package io.incidentfeeds.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@WithKafka
class KafkaExtensionTest {

    @Test
    void aReadCommittedConsumerSeesCommittedTransactionsAndNeverAbortedOnes(KafkaBroker kafka) {
        String topic = kafka.createTopic(KafkaBroker.uniqueName("transactions"), 3);

        Properties producerProps = kafka.clientProperties();
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaBroker.uniqueName("tx"));
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "last", "committed-last"));
            producer.commitTransaction();
        }

        List<String> values = readAll(kafka, topic, IsolationLevel.READ_COMMITTED, 11);
        assertThat(values).hasSize(11).allMatch(v -> v.startsWith("committed-")).contains("committed-last");

        // The aborted records are in the log all the same: read_uncommitted sees them.
        assertThat(readAll(kafka, topic, IsolationLevel.READ_UNCOMMITTED, 16)).anyMatch(v -> v.startsWith("aborted-"));
    }

    @Test
    void topicsCreatedPerTestDoNotCollide(KafkaBroker kafka) {
        String a = KafkaBroker.uniqueName("incidents.raw");
        String b = KafkaBroker.uniqueName("incidents.raw");
        assertThat(a).isNotEqualTo(b);
        kafka.createTopic(a, 1, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(a, 1); // again: not an error
    }

    static List<String> readAll(KafkaBroker kafka, String topic, IsolationLevel isolation, int expected) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaBroker.uniqueName("reader"));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // Give a wrong extra record the chance to show up.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        return values;
    }
}
