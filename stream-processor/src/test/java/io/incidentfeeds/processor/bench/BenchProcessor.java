package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.app.TopicProvisioner;
import io.incidentfeeds.processor.deadletter.InternalErrorHandler;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.topology.IncidentTopology;
import java.util.Map;
import java.util.Properties;
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
        IncidentTopology processor = new IncidentTopology(config.topics(), new TelemetryValidator(config.timestampWindow()),
                new EditNormalizer(JurisdictionIndex.load(config.jurisdictionLayer())), metrics, config.all(), rawPartitions);
        Topology topology = processor.build();
        Properties streamsProperties = config.streamsProperties(metrics);
        streamsProperties.put(InternalErrorHandler.FAILURE_STAGES, processor.failureStages());
        streams = new KafkaStreams(topology, streamsProperties);
    }
}
