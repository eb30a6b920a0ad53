package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processor.RawRecords;
import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.deadletter.InternalErrorHandler;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.topology.IncidentTopology;
import io.incidentfeeds.processor.topology.TopicNames;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole processor topology (validate, normalize, reconcile) in a {@link TopologyTestDriver},
 * with the service's own Streams settings and the bounded-memory RocksDB config: agencies publish
 * edits of one fire as the connector would land them on incidents.raw, and the scenario reads what
 * consoles would see on incidents.reconciled, analysts on incidents.history and the EOC on
 * incidents.conflicts, every record checked against the contract.
 */
final class ReconcileScenario implements AutoCloseable {

    static final String INCIDENT = "INC-2026-0100";
    /** When the raw records reach Kafka, unless a story says otherwise. */
    static final Instant INGEST = Instant.parse("2026-11-22T10:40:00Z");

    final ProcessorMetrics metrics = ProcessorMetrics.standalone();
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> raw;
    private final TestOutputTopic<String, byte[]> reconciled;
    private final TestOutputTopic<String, byte[]> history;
    private final TestOutputTopic<String, byte[]> conflicts;
    private final TestOutputTopic<String, byte[]> checkpoints;

    ReconcileScenario() {
        this(Map.of(), INGEST);
    }

    /** With extra processor settings, the driver's wall clock starting at {@code wallClock} (never read by the topology). */
    ReconcileScenario(Map<String, String> settings, Instant wallClock) {
        this(settings, wallClock, 1);
    }

    /**
     * As if {@code incidents.raw} had {@code rawPartitions} partitions: the driver reads every record
     * from partition 0, so the edits of incidents that hash elsewhere take the repartition hop.
     */
    ReconcileScenario(Map<String, String> settings, Instant wallClock, int rawPartitions) {
        try {
            stateDir = Files.createTempDirectory("reconcile-scenario");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>(settings);
        all.put("kafka.state.dir", stateDir.toString());
        all.put("kafka.rocksdb.config.setter", BoundedMemoryRocksDBConfig.class.getName());
        ProcessorConfig config = ProcessorConfig.of(all);
        TopicNames topics = config.topics();
        IncidentTopology topology = new IncidentTopology(topics, new TelemetryValidator(config.timestampWindow()),
                new EditNormalizer(JurisdictionIndex.load(config.jurisdictionLayer())), metrics, config.all(), rawPartitions);
        Topology built = topology.build();
        Properties streams = config.streamsProperties(metrics);
        streams.put(InternalErrorHandler.FAILURE_STAGES, topology.failureStages());
        driver = new TopologyTestDriver(built, streams, wallClock);
        raw = driver.createInputTopic(topics.raw(), new ByteArraySerializer(), new ByteArraySerializer());
        reconciled = driver.createOutputTopic(topics.reconciled(), new StringDeserializer(), new ByteArrayDeserializer());
        history = driver.createOutputTopic(topics.history(), new StringDeserializer(), new ByteArrayDeserializer());
        conflicts = driver.createOutputTopic(topics.conflicts(), new StringDeserializer(), new ByteArrayDeserializer());
        checkpoints = driver.createOutputTopic(config.checkpoints().topic(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** An edit of the scenario's fire by {@code agency}, its {@code seq}-th, made at {@code timestamp}. */
    static EditMessage edit(String agency, long seq, String timestamp) {
        return new EditMessage(INCIDENT, agency, seq, timestamp);
    }

    /** A telemetry payload under construction: status active, no geometry, clock {agency: seq}. */
    static final class EditMessage {
        final ObjectNode feature = JsonNodeFactory.instance.objectNode();
        final ObjectNode properties;
        final String agency;

        EditMessage(String incident, String agency, long seq, String timestamp) {
            this.agency = agency;
            feature.put("type", "Feature");
            feature.putNull("geometry");
            properties = feature.putObject("properties");
            properties.put("incident_id", incident);
            properties.put("agency_id", agency);
            properties.put("status", "active");
            properties.put("timestamp", timestamp);
            properties.put("sequence_number", seq);
            properties.putObject("clock").put(agency, seq);
        }

        /** The sender had seen {@code otherAgency}'s edits up to {@code seq}. */
        EditMessage saw(String otherAgency, long seq) {
            ((ObjectNode) properties.get("clock")).put(otherAgency, seq);
            return this;
        }

        EditMessage status(String status) {
            properties.put("status", status);
            return this;
        }

        EditMessage severity(String severity) {
            properties.put("severity", severity);
            return this;
        }

        EditMessage attribute(String name, String jsonValue) {
            properties.set(name, ContractJson.mapper().readTree(jsonValue));
            return this;
        }

        EditMessage point(double lon, double lat) {
            ObjectNode geometry = feature.putObject("geometry");
            geometry.put("type", "Point");
            geometry.putArray("coordinates").add(lon).add(lat);
            return this;
        }

        EditMessage delete() {
            properties.put("op", "delete");
            return this;
        }

        String mqttTopic() {
            return "incident/" + agency + "/fire/telemetry";
        }

        byte[] payload() {
            return ContractJson.mapper().writeValueAsBytes(feature);
        }
    }

    void publish(EditMessage edit) {
        publish(edit, INGEST);
    }

    /** Lands the edit on incidents.raw with Kafka timestamp {@code ingestedAt} (stream time follows it). */
    void publish(EditMessage edit, Instant ingestedAt) {
        pipe(new TestRecord<>(edit.mqttTopic().getBytes(StandardCharsets.UTF_8), edit.payload(),
                RawRecords.mqttHeaders(edit.mqttTopic()), ingestedAt));
    }

    void pipe(TestRecord<byte[], byte[]> rawRecord) {
        raw.pipeInput(rawRecord);
    }

    /** Every reconciled state emitted since the last call, each valid against the contract. */
    List<ReconciledIncident> reconciled() {
        List<ReconciledIncident> out = new ArrayList<>();
        for (TestRecord<String, byte[]> record : reconciledRecords()) {
            assertThat(record.value()).as("a version, not the tombstone of a forgotten incident").isNotNull();
            ReconciledIncident incident = ReconciledIncident.fromJson(record.value());
            assertThat(record.key()).isEqualTo(incident.id());
            out.add(incident);
        }
        return out;
    }

    /** The records of incidents.reconciled since the last call (a null value is a forgotten incident), checked against the contract. */
    List<TestRecord<String, byte[]>> reconciledRecords() {
        List<TestRecord<String, byte[]>> records = reconciled.readRecordsToList();
        for (TestRecord<String, byte[]> record : records) {
            if (record.value() != null) {
                assertThat(ContractValidator.shared().validate(ContractSchema.RECONCILED_INCIDENT,
                        ContractJson.mapper().readTree(record.value()))).as("reconciled record against the contract").isEmpty();
            }
        }
        return records;
    }

    /** The records of incidents.checkpoints since the last call, each valid against the contract. */
    List<TestRecord<String, byte[]>> checkpointRecords() {
        List<TestRecord<String, byte[]>> records = checkpoints.readRecordsToList();
        for (TestRecord<String, byte[]> record : records) {
            assertThat(ContractValidator.shared().validate(ContractSchema.CHECKPOINT, ContractJson.mapper().readTree(record.value())))
                    .as("checkpoint record against the contract").isEmpty();
        }
        return records;
    }

    /** A state store of the topology, by name; null when the topology has none of that name. */
    org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** The records of incidents.history since the last call, each a version valid against the contract. */
    List<TestRecord<String, byte[]>> historyRecords() {
        List<TestRecord<String, byte[]>> records = history.readRecordsToList();
        for (TestRecord<String, byte[]> record : records) {
            assertThat(record.value()).as("a version on the history, never a tombstone").isNotNull();
            assertThat(ContractValidator.shared().validate(ContractSchema.RECONCILED_INCIDENT,
                    ContractJson.mapper().readTree(record.value()))).as("history record against the contract").isEmpty();
        }
        return records;
    }

    /** The last version emitted since the last call. */
    ReconciledIncident latest() {
        List<ReconciledIncident> states = reconciled();
        assertThat(states).as("a new version").isNotEmpty();
        return states.get(states.size() - 1);
    }

    /** Conflict records since the last call, each valid against the contract. */
    List<ConflictRecord> conflicts() {
        List<ConflictRecord> out = new ArrayList<>();
        for (TestRecord<String, byte[]> record : conflictRecords()) {
            out.add(ConflictRecord.fromJson(record.value()));
        }
        return out;
    }

    List<TestRecord<String, byte[]>> conflictRecords() {
        List<TestRecord<String, byte[]>> records = conflicts.readRecordsToList();
        for (TestRecord<String, byte[]> record : records) {
            assertThat(ContractValidator.shared().validate(ContractSchema.CONFLICT,
                    ContractJson.mapper().readTree(record.value()))).as("conflict record against the contract").isEmpty();
        }
        return records;
    }

    double counter(String name) {
        return metrics.registry().counter(name).count();
    }

    double duplicates() {
        return counter("incidentfeeds.reconcile.duplicates");
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
