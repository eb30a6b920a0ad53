package io.incidentfeeds.processor.deadletter;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' own error hooks (KIP-1033 processing, KIP-1034 dead-letter records) turned into
 * the contract's INTERNAL_ERROR dead letter: an unexpected exception in any step, a record of an
 * internal topic that cannot be deserialized, or a value a sink cannot serialize, becomes a record
 * on the dead-letter topic ({@code errors.dead.letter.queue.topic.name}) with the stack summary in
 * {@code dlq.detail}, and processing resumes with the next record. The dead letter is produced in
 * the task's transaction, so under exactly-once it exists if and only if the input offset is
 * committed.
 *
 * <p>Why not Kafka's built-in handlers: since 4.2 {@code LogAndContinueProcessingExceptionHandler}
 * and friends do write dead letters to that topic (KIP-1034), but with {@code __streams.errors.*}
 * headers and no stage; the contract wants {@code dlq.*} headers and a reason code. So this class
 * keeps Kafka's mechanism (the {@code Response.resume(deadLetters)} of each handler, produced in
 * the task's transaction) and only builds the records itself.
 *
 * <p>Key and value are the source record's bytes, which for steps after the re-key is the
 * normalized edit; {@code dlq.source.*} then still points at the raw record (from the edit's
 * {@code source}). Send failures of the producer itself (not serialization) keep Kafka's default
 * (fail, and the thread is replaced): under exactly-once the transaction is aborted and retried.
 */
public final class InternalErrorHandler implements ProcessingExceptionHandler, DeserializationExceptionHandler,
        ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InternalErrorHandler.class);

    /**
     * The config key of the dead-letter stage of each processor node, by node name
     * ({@code Map<String, FailureStage>}): the topology's {@code failureStages()}, recorded as it named the nodes.
     */
    public static final String FAILURE_STAGES = "incidentfeeds.failure.stages";

    private String deadLetterTopic;
    private ProcessorMetrics metrics;
    private Map<String, FailureStage> stages = Map.of();

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must name the dead-letter topic");
        }
        deadLetterTopic = topic.toString();
        Object m = configs.get(ProcessorMetrics.CONFIG_KEY);
        metrics = m instanceof ProcessorMetrics pm ? pm : ProcessorMetrics.standalone();
        Object s = configs.get(FAILURE_STAGES);
        if (s instanceof Map<?, ?> byNode) {
            stages = byNode.entrySet().stream()
                    .collect(Collectors.toUnmodifiableMap(e -> (String) e.getKey(), e -> (FailureStage) e.getValue()));
        }
    }

    /** dlq.failed.at for an unexpected exception in {@code processorNodeId}. */
    private FailureStage stageOf(String processorNodeId) {
        if (processorNodeId == null) {
            return FailureStage.VALIDATE;
        }
        // A node the topology did not name comes after the placement by incident (the repartition
        // hop, a benchmark's stand-in for reconciliation): reconciliation's part.
        return stages.getOrDefault(processorNodeId, FailureStage.RECONCILE);
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        FailureStage stage = stageOf(context.processorNodeId());
        SourcePosition source = record != null && record.value() instanceof NormalizedEdit edit
                ? edit.source()
                : new SourcePosition(context.topic(), context.partition(), context.offset());
        LOG.error("INTERNAL_ERROR in {} at {}-{}@{}: dead-lettered", context.processorNodeId(),
                source.topic(), source.partition(), source.offset(), exception);
        return ProcessingExceptionHandler.Response.resume(List.of(
                deadLetter(context.sourceRawKey(), context.sourceRawValue(), context.headers(), context.timestamp(), source, stage,
                        exception)));
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        LOG.error("INTERNAL_ERROR deserializing {}-{}@{}: dead-lettered", record.topic(), record.partition(), record.offset(), exception);
        return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(record.key(), record.value(), record.headers(),
                record.timestamp(), new SourcePosition(record.topic(), record.partition(), record.offset()), FailureStage.DESERIALIZE, exception)));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
                                                                        Exception exception, SerializationExceptionOrigin origin) {
        SourcePosition source = record.value() instanceof NormalizedEdit edit
                ? edit.source()
                : new SourcePosition(context.topic(), context.partition(), context.offset());
        LOG.error("INTERNAL_ERROR serializing the {} of a record for {} from {}-{}@{}: dead-lettered", origin, record.topic(),
                source.topic(), source.partition(), source.offset(), exception);
        return ProductionExceptionHandler.Response.resume(List.of(deadLetter(context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), context.timestamp(), source, FailureStage.PRODUCE, exception)));
    }

    /** Timestamped like the record that failed (not the wall clock), so a replay writes the same dead letter. */
    private ProducerRecord<byte[], byte[]> deadLetter(byte[] key, byte[] value, Headers headers, long timestamp,
                                                      SourcePosition source, FailureStage stage, Exception exception) {
        metrics.deadLettered(DlqReason.INTERNAL_ERROR);
        Headers out = DeadLetters.headers(headers, DlqReason.INTERNAL_ERROR, DeadLetters.stackSummary(exception),
                source.topic(), source.partition(), source.offset(), stage);
        return new ProducerRecord<>(deadLetterTopic, null, timestamp < 0 ? null : timestamp, key, value, out);
    }
}
