package io.incidentfeeds.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.schemas.topics.Topics;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local stack with {@code kafka.secure=true} ({@code bin/local-stack --secure-kafka}): the broker
 * on SASL_SSL with {@code StandardAuthorizer} and the grants of {@code ServiceAcls}, the topics made
 * by the admin, and the processor, the Connect worker and the edge each signed in as its own
 * principal. Field units' MQTT publishes reach a console through all of them; the edge's principal
 * is refused one step outside its job.
 */
class SecureKafkaEndToEndTest {

    private static Stack stack;

    @BeforeAll
    static void startSecuredStack() throws Exception {
        stack = SharedPipeline.startOwn("secure-pipeline", Map.of("kafka.secure", "true"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void fieldUnitsPublishesReachAConsoleThroughTheSecuredBroker() throws Exception {
        SharedPipeline.publishToAnEocConsole(stack, 5001, 40, 20);
        for (String user : List.of("admin", "stream-processor", "connect", "ws-edge", "analyst")) {
            assertThat(Files.getPosixFilePermissions(stack.kafkaUsersDir().resolve(user + ".password")))
                    .as("%s's password file, owner-only", user).hasSize(2);
        }
    }

    @Test
    void theEdgesPrincipalIsRefusedWritingReconciled() {
        Properties props = stack.kafkaClientProperties(Service.EDGE);
        // Not idempotent: the refusal is then about the topic itself, not about a producer id.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.RECONCILED, "INC-forged", "{}")).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }
}
