package io.incidentfeeds.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.geometry.Jurisdictions;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.normalize.NormalizedEditJson;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processor.NormalizedEditsTopic;
import io.incidentfeeds.processor.RawRecords;
import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.deadletter.InternalErrorHandler;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import tools.jackson.databind.JsonNode;

/**
 * The processor's topology in a {@link TopologyTestDriver}, configured exactly as the service
 * configures Kafka Streams (handlers, exactly-once), with the demo jurisdiction layer, up to the
 * accepted edits, which it writes to {@code incidents.normalized} ({@link NormalizedEditsTopic})
 * instead of reconciling them. Records are published as
 * the connector writes them and reach the topology at {@link #INGEST}.
 */
final class ProcessorScenario implements AutoCloseable {

    /** When records reach Kafka in these scenarios: five seconds after the seed example was made. */
    static final Instant INGEST = Instant.parse("2026-11-22T10:30:05Z");

    final ProcessorMetrics metrics = ProcessorMetrics.standalone();
    private final TopicNames topics = TopicNames.defaults();
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> raw;
    private final TestOutputTopic<byte[], byte[]> dlq;
    private final TestOutputTopic<byte[], byte[]> normalized;

    ProcessorScenario() {
        this(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER));
    }

    ProcessorScenario(Jurisdictions jurisdictions) {
        this(jurisdictions, Instant.now());
    }

    /** {@code wallClock}: the driver's wall-clock time, which the output must not depend on. */
    ProcessorScenario(Jurisdictions jurisdictions, Instant wallClock) {
        try {
            stateDir = Files.createTempDirectory("processor-scenario");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessorConfig config = ProcessorConfig.of(Map.of("kafka.state.dir", stateDir.toString()));
        IncidentTopology topology = new IncidentTopology(topics, new TelemetryValidator(config.timestampWindow()),
                new EditNormalizer(jurisdictions), metrics, config.all(), 1);
        StreamsBuilder builder = new StreamsBuilder();
        NormalizedEditsTopic.write(topology.acceptedEdits(builder), NormalizedEditsTopic.DEFAULT);
        Properties streams = config.streamsProperties(metrics);
        streams.put(InternalErrorHandler.FAILURE_STAGES, topology.failureStages());
        driver = new TopologyTestDriver(builder.build(), streams, wallClock);
        raw = driver.createInputTopic(topics.raw(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(topics.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        normalized = driver.createOutputTopic(NormalizedEditsTopic.DEFAULT, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** An agency publishes {@code feature} on {@code mqttTopic}; it reaches Kafka at {@link #INGEST}. */
    void publish(String mqttTopic, JsonNode feature) {
        publish(mqttTopic, Payloads.bytes(feature));
    }

    void publish(String mqttTopic, byte[] payload) {
        publish(mqttTopic, payload, RawRecords.mqttHeaders(mqttTopic), INGEST);
    }

    void publish(String mqttTopic, byte[] payload, Headers headers, Instant ingestTime) {
        raw.pipeInput(new TestRecord<>(mqttTopic.getBytes(StandardCharsets.UTF_8), payload, headers, ingestTime));
    }

    /** Every record written to incidents.dlq so far (and not yet read), each checked against the contract. */
    List<DeadLetter> deadLetters() {
        return dlq.readRecordsToList().stream().map(DeadLetter::of).toList();
    }

    /** Every normalized edit written so far (and not yet read). */
    List<TestRecord<byte[], byte[]>> normalizedRecords() {
        return normalized.readRecordsToList();
    }

    /** The one record of the scenario was dead-lettered, and nothing went on to reconciliation. */
    DeadLetter onlyDeadLetter() {
        List<TestRecord<byte[], byte[]>> edits = normalizedRecords();
        assertThat(edits).as("normalized edits").isEmpty();
        List<DeadLetter> letters = deadLetters();
        assertThat(letters).as("dead letters").hasSize(1);
        return letters.get(0);
    }

    /** The one record of the scenario went on to reconciliation, and nothing was dead-lettered. */
    NormalizedEdit onlyEdit() {
        assertThat(deadLetters()).as("dead letters").isEmpty();
        List<TestRecord<byte[], byte[]>> edits = normalizedRecords();
        assertThat(edits).as("normalized edits").hasSize(1);
        NormalizedEdit edit = NormalizedEditJson.fromBytes(edits.get(0).value());
        assertThat(new String(edits.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(edit.incidentId());
        return edit;
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

    /** A record of incidents.dlq, already checked against dead-letter-record.schema.json. */
    record DeadLetter(byte[] key, byte[] value, Map<String, String> headers, Instant timestamp) {

        static DeadLetter of(TestRecord<byte[], byte[]> r) {
            JsonNode asContract = RawRecords.asContractJson(r.key(), r.value(), r.headers());
            assertThat(ContractValidator.shared().validate(ContractSchema.DEAD_LETTER_RECORD, asContract))
                    .as("dead letter %s against the contract", asContract).isEmpty();
            return new DeadLetter(r.key(), r.value(), RawRecords.headerMap(r.headers()), r.getRecordTime());
        }

        DlqReason reason() {
            return DlqReason.valueOf(headers.get(DlqHeaders.REASON));
        }

        String detail() {
            return headers.get(DlqHeaders.DETAIL);
        }

        FailureStage stage() {
            return FailureStage.fromHeaderValue(headers.get(DlqHeaders.FAILED_AT));
        }

        String keyText() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }
    }
}
