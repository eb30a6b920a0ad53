package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.normalize.EditNormalizer;
import io.incidentfeeds.processor.normalize.NormalizedEdit;
import io.incidentfeeds.processor.normalize.NormalizedEditSerde;
import io.incidentfeeds.processor.validation.TelemetryValidator;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The processor's topology, top to bottom:
 *
 * <pre>
 * incidents.raw (key: MQTT topic, value: payload bytes)
 *   -> validate       size, JSON, schema, agency, type, timestamp        ValidateStep
 *   -> normalize      CRS, ranges, repair, round, wind, split, bbox, jurisdictions   NormalizeStep
 *   -> check-clock    clock[agency_id] == sequence_number                 CheckClockStep
 *   -> split: rejected -> dead-letter (raw record + dlq.* headers)        DeadLetterStep -> incidents.dlq
 *             accepted -> key-by-incident                                    KeyByIncident
 *                      -> split (when the step needs edits by incident): InItsIncidentsPartition
 *                           in its incident's raw partition already (the connector keys by incident)
 *                           elsewhere -> repartition edits-by-incident (same partition count as raw)
 *                         -> merge
 *                      -> RECONCILIATION STEP                             ReconciliationStep
 * </pre>
 *
 * <p>Both branches meet in one sub-topology, whose task {@code p} reads raw partition {@code p} and
 * repartition partition {@code p}: every edit of an incident reaches the same task and store. Edits
 * of one incident may then interleave differently than they were read; reconciliation's result does
 * not depend on the order (stream-processor/README.md).
 *
 * Serdes are all here: bytes in, bytes to the DLQ, String + {@link NormalizedEditSerde} after the
 * re-key. Unexpected exceptions in any step are dead-lettered as INTERNAL_ERROR by
 * {@code InternalErrorHandler} (configured in the Streams config, not here).
 */
public final class IncidentTopology {

    public static final String SOURCE = "raw-source";
    public static final String VALIDATE = "validate";
    public static final String NORMALIZE = "normalize";
    public static final String CHECK_CLOCK = "check-clock";
    public static final String DEAD_LETTER = "dead-letter";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String KEY_BY_INCIDENT = "key-by-incident";
    public static final String EDITS_BY_INCIDENT = "edits-by-incident";
    public static final String PLACEMENT = "placement-";

    /** The stage reported in dlq.failed.at for an unexpected failure in a processor node. */
    private static final Map<String, FailureStage> STAGES = Map.of(
            VALIDATE, FailureStage.VALIDATE, CHECK_CLOCK, FailureStage.VALIDATE,
            NORMALIZE, FailureStage.NORMALIZE, KEY_BY_INCIDENT, FailureStage.NORMALIZE, PLACEMENT, FailureStage.NORMALIZE,
            "verdict-", FailureStage.VALIDATE, DEAD_LETTER, FailureStage.PRODUCE, DLQ_SINK, FailureStage.PRODUCE);

    private final TopicNames topics;
    private final TelemetryValidator validator;
    private final EditNormalizer normalizer;
    private final ProcessorMetrics metrics;
    private final ReconciliationStep reconciliation;
    private final Properties settings;
    private final int rawPartitions;

    /** {@code rawPartitions}: the partitions of {@code incidents.raw} (fixed for the life of the application id). */
    public IncidentTopology(TopicNames topics, TelemetryValidator validator, EditNormalizer normalizer,
                            ProcessorMetrics metrics, ReconciliationStep reconciliation, Properties settings, int rawPartitions) {
        this.topics = topics;
        this.validator = validator;
        this.normalizer = normalizer;
        this.metrics = metrics;
        this.reconciliation = reconciliation;
        this.settings = settings;
        this.rawPartitions = rawPartitions;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();

        KStream<byte[], Outcome> checked = builder
                .stream(topics.raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .processValues(() -> new ValidateStep(validator, metrics), Named.as(VALIDATE))
                .processValues(() -> new NormalizeStep(normalizer, metrics), Named.as(NORMALIZE))
                .processValues(() -> new CheckClockStep(metrics), Named.as(CHECK_CLOCK));

        Map<String, KStream<byte[], Outcome>> verdict = checked.split(Named.as("verdict-"))
                .branch((mqttTopic, outcome) -> outcome instanceof Outcome.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("accepted"));

        verdict.get("verdict-rejected")
                .processValues(() -> new DeadLetterStep(metrics), Named.as(DEAD_LETTER))
                .to(topics.dlq(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(DLQ_SINK));

        KStream<String, NormalizedEdit> keyedByIncident = verdict.get("verdict-accepted")
                .map(new KeyByIncident(metrics), Named.as(KEY_BY_INCIDENT));
        KStream<String, NormalizedEdit> editsByIncident = reconciliation.needsRepartitionByIncident()
                ? byIncident(keyedByIncident)
                : keyedByIncident;

        reconciliation.attach(editsByIncident, new ReconciliationStep.Context(topics, metrics, settings));
        return builder.build();
    }

    /** Every edit in the task of its incident: those already there as they are, the others through the hop. */
    private KStream<String, NormalizedEdit> byIncident(KStream<String, NormalizedEdit> keyedByIncident) {
        Map<String, KStream<String, NormalizedEdit>> placed = keyedByIncident.split(Named.as(PLACEMENT))
                .branch(new InItsIncidentsPartition(rawPartitions, metrics), Branched.as("in-place"))
                .defaultBranch(Branched.as("elsewhere"));
        KStream<String, NormalizedEdit> moved = placed.get(PLACEMENT + "elsewhere")
                .repartition(Repartitioned.with(Serdes.String(), new NormalizedEditSerde())
                        .withName(EDITS_BY_INCIDENT).withNumberOfPartitions(rawPartitions));
        return placed.get(PLACEMENT + "in-place").merge(moved, Named.as(EDITS_BY_INCIDENT + "-merge"));
    }

    /** dlq.failed.at for an unexpected exception in {@code processorNodeId}. */
    public static FailureStage stageOf(String processorNodeId) {
        if (processorNodeId == null) {
            return FailureStage.VALIDATE;
        }
        for (Map.Entry<String, FailureStage> e : STAGES.entrySet()) {
            if (processorNodeId.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return FailureStage.RECONCILE; // everything after the plug point
    }
}
