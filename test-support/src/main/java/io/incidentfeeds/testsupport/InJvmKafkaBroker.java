package io.incidentfeeds.testsupport;

import io.incidentfeeds.brokers.BrokerDefaults;
import io.incidentfeeds.brokers.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one node),
 * running inside the test JVM through Kafka's own {@link KafkaClusterTestKit}: the same broker code
 * as production, started in seconds, with free ports on the loopback interface.
 */
public final class InJvmKafkaBroker implements KafkaBroker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InJvmKafkaBroker.class);

    private final KafkaClusterTestKit cluster;
    private final Duration startTime;

    private InJvmKafkaBroker(KafkaClusterTestKit cluster, Duration startTime) {
        this.cluster = cluster;
        this.startTime = startTime;
    }

    public static InJvmKafkaBroker start() {
        Instant begin = Instant.now();
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build());
            BrokerDefaults.singleNode().forEach(builder::setConfigProp);
            // Tests and benchmarks replay histories with fixed record times (reproducible records). A
            // broker deletes by record time, seven days by default, first 30 s after it starts: a week
            // after a history's date its topics would be emptied under the test. This broker lives for
            // one test run, so topics without their own retention keep everything.
            builder.setConfigProp("log.retention.ms", "-1");
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Duration took = Duration.between(begin, Instant.now());
            LOG.info("Kafka broker (KRaft, in-JVM) ready at {} in {} ms", cluster.bootstrapServers(), took.toMillis());
            return new InJvmKafkaBroker(cluster, took);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-JVM Kafka broker", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** How long the broker took to become ready. */
    public Duration startTime() {
        return startTime;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
