package io.incidentfeeds.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.processor.deadletter.InternalErrorHandler;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings in layers: defaults, file, environment, overrides; and what the processor fixes itself. */
class ProcessorConfigTest {

    @Test
    void theDefaultsAreTheContractsTopicsThirtyDaysOfRawAndExactlyOnce() {
        ProcessorConfig config = ProcessorConfig.of(Map.of());

        assertThat(config.topics().raw()).isEqualTo("incidents.raw");
        assertThat(config.topics().reconciled()).isEqualTo("incidents.reconciled");
        assertThat(config.topics().history()).isEqualTo("incidents.history");
        assertThat(config.rawTimestampType()).as("record times are the broker's append times").isEqualTo("LogAppendTime");
        assertThat(config.rawRetentionMs()).isEqualTo(Duration.ofDays(30).toMillis());
        assertThat(config.historyRetentionMs()).as("empty: as raw").isEqualTo(Duration.ofDays(30).toMillis());
        assertThat(ProcessorConfig.of(Map.of("topics.raw.retention-ms", "-1")).historyRetentionMs()).as("as raw: forever").isEqualTo(-1);
        assertThat(ProcessorConfig.of(Map.of("topics.history.retention-ms", "86400000")).historyRetentionMs()).isEqualTo(86_400_000L);
        assertThat(config.timestampWindow().maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.streamsProperties(ProcessorMetrics.standalone()))
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(config.get("kafka.state.dir")).doesNotContain("${").startsWith(System.getProperty("java.io.tmpdir"));
    }

    @Test
    void theProvisioningAdminClientSignsInAsTheStreamsClientsDo() {
        // As docker-compose.yml passes them: PROCESSOR_KAFKA_SECURITY_PROTOCOL and the rest.
        ProcessorConfig config = ProcessorConfig.of(Map.of("kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512", "kafka.ssl.truststore.type", "PEM",
                "kafka.ssl.truststore.location", "/run/secrets/kafka-ca.crt", "kafka.admin.request.timeout.ms", "45000"));
        Properties admin = StreamProcessor.adminProperties(config.streamsProperties(ProcessorMetrics.standalone()));
        assertThat(admin).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.location", "/run/secrets/kafka-ca.crt")
                .containsEntry("request.timeout.ms", "45000")
                .containsEntry("bootstrap.servers", config.get("kafka.bootstrap.servers"))
                .doesNotContainKey("processing.guarantee");
    }

    @Test
    void aFileOverridesTheDefaultsTheEnvironmentTheFileAndExplicitSettingsEverything(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("processor.properties"),
                "topics.raw=from-file\ntopics.dlq=from-file\ntopics.conflicts=from-file\n");
        Map<String, String> env = Map.of("PROCESSOR_TOPICS_DLQ", "from-env", "PROCESSOR_TOPICS_CONFLICTS", "from-env");

        ProcessorConfig config = ProcessorConfig.load(file, env, Map.of("topics.conflicts", "explicit"));

        assertThat(config.topics().raw()).isEqualTo("from-file");
        assertThat(config.topics().dlq()).isEqualTo("from-env");
        assertThat(config.topics().conflicts()).isEqualTo("explicit");
    }

    @Test
    void environmentNamesAreTheKeysInUpperCaseWithUnderscores() {
        ProcessorConfig config = ProcessorConfig.load(null, Map.of(
                "PROCESSOR_TOPICS_REPLICATION_FACTOR", "3",
                "PROCESSOR_VALIDATION_TIMESTAMP_MAX_AGE", "P2D",
                "PROCESSOR_KAFKA_NUM_STANDBY_REPLICAS", "1",
                "PROCESSOR_RECONCILIATION_TOMBSTONE_RETENTION", "P10D",
                "PROCESSOR_RECONCILIATION_STATE_CACHE_INCIDENTS", "0",
                "PROCESSOR_CONFIG", "/not/a/setting",
                "HOME", "/root"), Map.of());

        assertThat(ProcessorConfig.envName("topics.replication-factor")).isEqualTo("PROCESSOR_TOPICS_REPLICATION_FACTOR");
        assertThat(config.replicationFactor()).contains((short) 3);
        assertThat(config.timestampWindow().maxAge()).isEqualTo(Duration.ofDays(2));
        assertThat(config.streamsProperties(ProcessorMetrics.standalone())).containsEntry("num.standby.replicas", "1");
        assertThat(config.get("reconciliation.tombstone.retention")).isEqualTo("P10D");
        assertThat(config.get("reconciliation.state-cache.incidents")).isEqualTo("0");
        assertThat(config.all()).doesNotContainKey("config");
    }

    @Test
    void kafkaStreamsGetsEveryKafkaSettingWithoutItsPrefixAndTheContractsErrorHandlers() {
        Properties streams = ProcessorConfig.of(Map.of("kafka.max.task.idle.ms", "250")).streamsProperties(ProcessorMetrics.standalone());

        assertThat(streams)
                .containsEntry("max.task.idle.ms", "250")
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "incidents.dlq")
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, InternalErrorHandler.class.getName())
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, InternalErrorHandler.class.getName())
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, InternalErrorHandler.class.getName());
    }

    @Test
    void topicsAndInternalTopicsTakeTheBrokersReplicationByDefaultAndProduceWithAcksAll() {
        ProcessorConfig byDefault = ProcessorConfig.of(Map.of());
        Properties streams = byDefault.streamsProperties(ProcessorMetrics.standalone());

        assertThat(byDefault.replicationFactor()).isEmpty();
        assertThat(streams).containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1").containsEntry("producer.acks", "all");
        assertThat(new StreamsConfig(streams).getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(-1);
        assertThat(ProcessorConfig.of(Map.of("topics.replication-factor", "3")).streamsProperties(ProcessorMetrics.standalone()))
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3");
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("topics.replication-factor", "0")).replicationFactor())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topics.replication-factor");
    }

    @Test
    void rocksDbMemoryIsBoundedByDefaultAndAnEmptySettingGivesKafkaStreamsOwn() {
        Properties byDefault = ProcessorConfig.of(Map.of()).streamsProperties(ProcessorMetrics.standalone());
        Properties unset = ProcessorConfig.of(Map.of("kafka.rocksdb.config.setter", ""))
                .streamsProperties(ProcessorMetrics.standalone());

        assertThat(byDefault).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                io.incidentfeeds.processor.reconcile.BoundedMemoryRocksDBConfig.class.getName());
        assertThat(unset).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
        assertThat(new StreamsConfig(unset).getClass(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isNull();
    }

    @Test
    void anyGuaranteeButExactlyOnceV2IsRefused() {
        ProcessorConfig config = ProcessorConfig.of(Map.of("kafka.processing.guarantee", "at_least_once"));

        assertThatThrownBy(() -> config.streamsProperties(ProcessorMetrics.standalone()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly_once_v2");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("validation.timestamp.max-age", "7 days")).timestampWindow())
                .hasMessageContaining("validation.timestamp.max-age must be an ISO-8601 duration");
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("topics.raw.retention-ms", "0")).rawRetentionMs())
                .hasMessageContaining("topics.raw.retention-ms must be positive or -1");
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("topics.raw.timestamp-type", "logappendtime")).rawTimestampType())
                .hasMessageContaining("topics.raw.timestamp-type must be LogAppendTime or CreateTime");
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("topics.history.retention-ms", "0")).historyRetentionMs())
                .hasMessageContaining("topics.history.retention-ms must be positive, -1 (forever) or empty (as raw)");
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("topics.provisioning", "maybe")).provisioning())
                .hasMessageContaining("create, check or off");
    }
}
