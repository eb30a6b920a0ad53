package io.incidentfeeds.brokers.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.brokers.KafkaTls;
import io.incidentfeeds.brokers.acl.ServiceAcls.Names;
import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ACL table on a real broker secured as production's: SASL_SSL listeners (a CA and key store
 * made by keytool, clients verifying the broker's host name), SCRAM-SHA-512 users made through the
 * Admin API, KRaft's {@code StandardAuthorizer}, the admin the only super user. Each principal
 * makes the client calls its service makes (a group consumer, a transactional producer that commits
 * its input offsets, partition assignment) and is refused one step outside its job.
 */
class ServiceAclsBrokerTest {

    private static final Names NAMES = Names.defaults();
    private static final String CONNECTOR_TASK = NAMES.connectGroupId() + "-mqtt-incident-telemetry-0";
    private static final String REPARTITION = NAMES.processorApplicationId() + "-edits-by-incident-repartition";

    private static Path dir;
    private static KafkaProcess kafka;
    private static final Map<Service, String> PASSWORDS = new EnumMap<>(Service.class);

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        dir = Files.createTempDirectory("kafka-acls");
        kafka = KafkaProcess.withScram(dir.resolve("kafka"), 0, UUID.randomUUID().toString(),
                KafkaTls.loadOrCreate(dir.resolve("tls")), Map.of());
        kafka.start(Duration.ofSeconds(120));
        // Provisioning, the admin's step: the contract's topics and Connect's internal ones.
        for (String topic : List.of(NAMES.raw(), NAMES.dlq(), NAMES.reconciled(), NAMES.history(), NAMES.conflicts(),
                NAMES.connectOffsets(), NAMES.connectStatus())) {
            kafka.createTopic(topic, 1);
        }
        kafka.createTopic(NAMES.connectConfigs(), 1, Map.of("cleanup.policy", "compact"));
        for (Service service : Service.values()) {
            PASSWORDS.put(service, UUID.randomUUID().toString());
        }
        ServiceUsers.provision(kafka, PASSWORDS, NAMES);
        try (KafkaProducer<String, String> producer = producer(kafka.clientProperties())) {
            producer.send(new ProducerRecord<>(NAMES.raw(), "incident-1", "raw edit")).get();
            producer.send(new ProducerRecord<>(NAMES.reconciled(), "incident-1", "version 1")).get();
            producer.send(new ProducerRecord<>(NAMES.conflicts(), "incident-1", "conflict 1")).get();
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theProcessorReadsRawAndWritesItsOutputsAndInternalTopicsInOneTransaction() throws Exception {
        Properties props = as(Service.PROCESSOR);
        try (Admin admin = Admin.create(props)) {
            // Kafka Streams makes its internal topics, named with the application id as prefix.
            admin.createTopics(List.of(new NewTopic(REPARTITION, 1, (short) -1))).all().get(30, TimeUnit.SECONDS);
        }
        kafka.awaitLeaders(REPARTITION, 1);

        Properties consumerProps = as(Service.PROCESSOR);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, NAMES.processorApplicationId());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Properties producerProps = as(Service.PROCESSOR);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, NAMES.processorApplicationId() + "-" + UUID.randomUUID() + "-1");
        try (KafkaConsumer<String, String> consumer = consumer(consumerProps);
             KafkaProducer<String, String> producer = producer(producerProps)) {
            consumer.subscribe(List.of(NAMES.raw()));
            List<ConsumerRecord<String, String>> in = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (in.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(in::add);
            }
            assertThat(in).extracting(ConsumerRecord::value).contains("raw edit");

            producer.initTransactions();
            producer.beginTransaction();
            for (String out : List.of(NAMES.reconciled(), NAMES.history(), NAMES.conflicts(), NAMES.dlq(), REPARTITION)) {
                producer.send(new ProducerRecord<>(out, "incident-2", "from the processor"));
            }
            ConsumerRecord<String, String> last = in.get(in.size() - 1);
            producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(last.topic(), last.partition()), new OffsetAndMetadata(last.offset() + 1)),
                    consumer.groupMetadata());
            producer.commitTransaction();
        }
        try (Admin admin = Admin.create(props)) {
            // Streams purges what it consumed of its repartition topics.
            admin.deleteRecords(Map.of(new TopicPartition(REPARTITION, 0), RecordsToDelete.beforeOffset(1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        assertThat(readAll(as(Service.ANALYST), NAMES.history())).contains("from the processor");
    }

    @Test
    void theProcessorMayNotCreateATopicOutsideItsPrefix() {
        try (Admin admin = Admin.create(as(Service.PROCESSOR))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("incidents.extra", 1, (short) -1)))
                    .all().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void connectWritesRawAndItsOffsetsInATaskTransaction() throws Exception {
        Properties producerProps = as(Service.CONNECT);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, CONNECTOR_TASK);
        try (KafkaProducer<String, String> producer = producer(producerProps)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(NAMES.raw(), "incident-3", "from connect"));
            producer.send(new ProducerRecord<>(NAMES.connectOffsets(), "[\"mqtt-incident-telemetry\",{}]", "{}"));
            producer.commitTransaction();
        }
        Properties member = as(Service.CONNECT);
        member.put(ConsumerConfig.GROUP_ID_CONFIG, NAMES.connectGroupId());
        member.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = consumer(member)) {
            consumer.subscribe(List.of(NAMES.connectOffsets()));
            List<String> keys = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (keys.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
            assertThat(keys).contains("[\"mqtt-incident-telemetry\",{}]");
        }
        assertThat(readAll(as(Service.ANALYST), NAMES.raw())).contains("from connect");
    }

    @Test
    void connectMayNotTakeTheProcessorsTransactionalIdNorReadReconciled() {
        Properties producerProps = as(Service.CONNECT);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, NAMES.processorApplicationId() + "-x-1");
        try (KafkaProducer<String, String> producer = producer(producerProps)) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        assertThatThrownBy(() -> readAll(as(Service.CONNECT), NAMES.reconciled()))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theEdgeReadsReconciledAndConflictsByAssignment() {
        assertThat(readAll(as(Service.EDGE), NAMES.reconciled())).contains("version 1");
        assertThat(readAll(as(Service.EDGE), NAMES.conflicts())).contains("conflict 1");
    }

    @Test
    void theEdgeMayNotWriteReconciledNorJoinAGroup() {
        // An idempotent producer (the default) of a principal that may write no topic at all is refused
        // its producer id, before any topic is looked at: the send's future fails with it, or, when the
        // refusal came back before the send, the send itself throws with it as the cause.
        try (KafkaProducer<String, String> producer = producer(as(Service.EDGE))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(NAMES.reconciled(), "incident-1", "forged")).get(30, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(ClusterAuthorizationException.class);
        }
        assertWriteRefused(Service.EDGE, NAMES.reconciled());
        Properties grouped = as(Service.EDGE);
        grouped.put(ConsumerConfig.GROUP_ID_CONFIG, "ws-edge");
        try (KafkaConsumer<String, String> consumer = consumer(grouped)) {
            consumer.subscribe(List.of(NAMES.reconciled()));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    consumer.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void theAnalystReadsAndDescribesEveryTopicButWritesNone() throws Exception {
        Properties props = as(Service.ANALYST);
        assertThat(readAll(props, NAMES.raw())).contains("raw edit");
        assertThat(readAll(props, NAMES.reconciled())).contains("version 1");
        try (Admin admin = Admin.create(props)) {
            assertThat(admin.describeTopics(List.of(NAMES.raw(), NAMES.dlq(), NAMES.reconciled(), NAMES.history(),
                    NAMES.conflicts())).allTopicNames().get(30, TimeUnit.SECONDS)).hasSize(5);
        }
        assertWriteRefused(Service.ANALYST, NAMES.raw());
    }

    @Test
    void aClientThatDoesNotTrustTheDeploymentsCaIsRefusedAtTheHandshake() {
        Properties props = as(Service.ANALYST);
        props.remove("ssl.truststore.type");
        props.remove("ssl.truststore.location"); // the JDK's default trust store: public CAs only
        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    /** A plain (not idempotent) producer of {@code service} is refused {@code topic} itself. */
    private static void assertWriteRefused(Service service, String topic) {
        Properties props = as(service);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        try (KafkaProducer<String, String> producer = producer(props)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "incident-1", "forged")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static Properties as(Service service) {
        return kafka.scramClientProperties(service.user(), PASSWORDS.get(service));
    }

    /** Every committed value of partition 0 of {@code topic}, read by assignment (no group), up to the end. */
    private static List<String> readAll(Properties props, String topic) {
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(props)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(Properties props) {
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaProducer<String, String> producer(Properties props) {
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
