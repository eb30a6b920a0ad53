package io.incidentfeeds.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaProcessTest {

    @Test
    void acknowledgedRecordsSurviveAKillAndRestartOfTheBroker(@TempDir Path dir) throws Exception {
        try (KafkaProcess kafka = new KafkaProcess(dir.resolve("kafka"), 0, Map.of())) {
            kafka.start(Duration.ofSeconds(90));
            String topic = kafka.createTopic("survivors", 2);

            Properties props = kafka.clientProperties();
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
                }
            }

            kafka.kill();
            assertThat(kafka.isRunning()).isFalse();
            kafka.start(Duration.ofSeconds(90));

            List<String> values = KafkaExtensionTest.readAll(kafka, topic, IsolationLevel.READ_COMMITTED, 100);
            assertThat(values).hasSize(100).contains("v0", "v99");
        }
    }
}
