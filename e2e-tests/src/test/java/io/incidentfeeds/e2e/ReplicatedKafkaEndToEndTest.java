package io.incidentfeeds.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.schemas.topics.Topics;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local stack with {@code kafka.nodes=3} ({@code bin/local-stack --kafka-nodes 3}): three Kafka
 * nodes, and every topic on all three, the pipeline's, Kafka Streams' internal ones, consumer
 * offsets and transaction state, with {@code min.insync.replicas} 2. Field units' MQTT publishes
 * reach a console through it, every one accounted for.
 */
class ReplicatedKafkaEndToEndTest {

    private static final String STREAMS_PREFIX = "incident-feeds-processor-";
    private static Stack stack;

    @BeforeAll
    static void startReplicatedStack() throws Exception {
        stack = SharedPipeline.startOwn("replicated-pipeline", Map.of("kafka.nodes", "3"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void fieldUnitsPublishesReachAConsoleThroughThreeNodes() throws Exception {
        assertThat(stack.bootstrapServers().split(",")).as("the services' bootstrap list").hasSize(3);
        ScenarioRun run = SharedPipeline.publishToAnEocConsole(stack, 6001, 200, 50);
        PipelineAccounting.Report report = Settle.accounting(stack.bootstrapServers(), run, Duration.ofMinutes(2));
        assertThat(report.unaccounted()).as(report.line()).isEmpty();
    }

    @Test
    void everyTopicIsOnAllThreeNodesAndAWriteWaitsForTwo() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
            assertThat(names).as("the pipeline's, Streams' internal and Kafka's own topics")
                    .contains(Topics.RAW, Topics.RECONCILED, Topics.HISTORY, Topics.DLQ, Topics.CONFLICTS,
                            "__consumer_offsets", "__transaction_state")
                    .anyMatch(name -> name.startsWith(STREAMS_PREFIX) && name.endsWith("-changelog"))
                    .anyMatch(name -> name.startsWith(STREAMS_PREFIX) && name.endsWith("-repartition"));
            Map<String, Integer> replicas = new TreeMap<>();
            for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(p -> replicas.merge(topic.name(), p.replicas().size(), Math::min));
            }
            assertThat(replicas).as("the fewest replicas of any partition, per topic").allSatisfy((topic, fewest) ->
                    assertThat(fewest).as(topic).isEqualTo(3));
            ConfigResource raw = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RAW);
            ConfigResource reconciled = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RECONCILED);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(raw, reconciled)).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.values()).allSatisfy(config ->
                    assertThat(config.get("min.insync.replicas").value()).isEqualTo("2"));
        }
    }
}
