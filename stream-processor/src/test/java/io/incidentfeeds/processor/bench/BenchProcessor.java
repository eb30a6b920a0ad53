package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.app.TopicProvisioner;
import io.incidentfeeds.processor.geometry.JurisdictionIndex;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.normalize.EditNormalizer;
import io.incidentfeeds.processor.topology.IncidentTopology;
import io.incidentfeeds.processor.validation.TelemetryValidator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The processor as {@code StreamProcessor} builds it (topics provisioned, the same topology and
 * Streams settings), but with the {@link KafkaStreams} handed to the harness unstarted, so that it
 * can set its state and restore listeners first. No HTTP server.
 */
final class BenchProcessor {

    final ProcessorConfig config;
    final ProcessorMetrics metrics = ProcessorMetrics.standalone();
    final KafkaStreams streams;

    BenchProcessor(Map<String, String> settings) {
        config = ProcessorConfig.of(new TreeMap<>(settings));
        int rawPartitions;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.get("kafka.bootstrap.servers")))) {
            new TopicProvisioner(config).provision(admin);
            rawPartitions = TopicProvisioner.partitionsOf(admin, config.topics().raw());
        }
        Topology topology = new IncidentTopology(config.topics(), new TelemetryValidator(config.timestampWindow()),
                new EditNormalizer(JurisdictionIndex.load(config.jurisdictionLayer())), metrics, config.reconciliationStep(),
                config.all(), rawPartitions).build();
        streams = new KafkaStreams(topology, config.streamsProperties(metrics));
    }
}
