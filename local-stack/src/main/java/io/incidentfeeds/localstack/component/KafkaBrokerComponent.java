package io.incidentfeeds.localstack.component;

import io.incidentfeeds.brokers.KafkaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Kafka in KRaft mode (one broker+controller) in a child JVM, its log under {@code data.dir/kafka}. */
public final class KafkaBrokerComponent implements Component {

    private final KafkaProcess broker;

    public KafkaBrokerComponent(Path dataDir, int port) {
        // Seven days of segment retention is the broker default; topics set their own (raw: 30 days).
        this.broker = new KafkaProcess(dataDir, port, Map.of("num.partitions", "3"));
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void start(Duration timeout) {
        broker.start(timeout);
    }

    @Override
    public String address() {
        return broker.bootstrapServers();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public KafkaProcess process() {
        return broker;
    }

    @Override
    public void kill() {
        broker.kill();
    }

    @Override
    public void close() {
        broker.stop();
    }
}
