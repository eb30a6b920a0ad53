package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processor.metrics.ProcessorMetrics;
import io.incidentfeeds.processor.reconcile.CheckpointSettings;
import io.incidentfeeds.processor.reconcile.ReconcileOutput;
import io.incidentfeeds.processor.reconcile.ReconcileStep;
import io.incidentfeeds.schemas.deadletter.FailureStage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The processor's topology, top to bottom:
 *
 * <pre>
 * incidents.raw (key: the payload's incident_id, else the MQTT topic (RawRecordKey); value: payload bytes; mqtt.* headers)
 *   -> validate       size, JSON, schema, agency, type, timestamp              ValidateStep
 *   -> normalize      CRS, ranges, repair, round, wind, split, bbox, jurisdictions   NormalizeStep
 *   -> check-clock    clock[agency_id] == sequence_number                       CheckClockStep
 *   -> split: rejected -> dead-letter (raw record + dlq.* headers)              DeadLetterStep -> incidents.dlq
 *             accepted -> key-by-incident                                     KeyByIncident
 *                      -> split: in its incident's raw partition already       InItsIncidentsPartition
 *                                elsewhere -> <application.id>-edits-by-incident-repartition (as many partitions as raw)
 *                         -> merge
 *                      -> reconcile (stores reconcile-incidents, reconcile-tombstones,   ReconcileStep
 *                                    changelogs <application.id>-reconcile-{incidents,tombstones}-changelog)
 *                      -> split: versions, forgotten incidents -> incidents.reconciled (compacted; null = forgotten)
 *                                  versions only                -> incidents.history (not compacted: every version)
 *                                conflict records               -> incidents.conflicts
 *                                checkpoints (checkpoint.interval on) -> incidents.checkpoints (partition = task)
 * </pre>
 *
 * <p>Both branches of the placement meet in one sub-topology, whose task {@code p} reads raw
 * partition {@code p} and repartition partition {@code p}: every edit of an incident reaches the
 * same task and store. Edits of one incident may then interleave differently than they were read;
 * reconciliation's result does not depend on the order (stream-processor/README.md).
 *
 * <p>Every sink of a task writes in the task's transaction (exactly-once v2): a version reaches
 * incidents.reconciled and incidents.history together, once, or (aborted) neither.
 *
 * <p>{@link #build()} composes three public blocks, {@link #acceptedEdits}, {@link #inItsIncidentsTask}
 * and {@link #reconcile}, which the benchmarks compose with stand-ins of their own. The node and
 * store names are those of every earlier release: the internal topics (changelogs, the
 * repartition topic) are named after them, so a deployment's state is found again. Each block
 * records the dead-letter stage of the nodes it names ({@link #failureStages()}), which the
 * Streams config hands to {@code InternalErrorHandler}: unexpected exceptions in any step are
 * dead-lettered as INTERNAL_ERROR with that stage.
 */
public final class IncidentTopology {

    public static final String SOURCE = "raw-source";
    public static final String VALIDATE = "validate";
    public static final String NORMALIZE = "normalize";
    public static final String CHECK_CLOCK = "check-clock";
    public static final String VERDICT = "verdict-";
    public static final String DEAD_LETTER = "dead-letter";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String KEY_BY_INCIDENT = "key-by-incident";
    public static final String PLACEMENT = "placement-";
    public static final String EDITS_BY_INCIDENT = "edits-by-incident";
    public static final String RECONCILE = "reconcile";
    public static final String RECONCILE_OUTPUT = "reconcile-output-";

    private final TopicNames topics;
    private final TelemetryValidator validator;
    private final EditNormalizer normalizer;
    private final ProcessorMetrics metrics;
    private final Properties settings;
    private final int rawPartitions;
    private final Map<String, FailureStage> stages = new HashMap<>();

    /**
     * {@code settings}: the processor's settings (reconciliation reads its own from them);
     * {@code rawPartitions}: the partitions of {@code incidents.raw} (fixed for the life of the application id).
     */
    public IncidentTopology(TopicNames topics, TelemetryValidator validator, EditNormalizer normalizer,
                            ProcessorMetrics metrics, Properties settings, int rawPartitions) {
        this.topics = topics;
        this.validator = validator;
        this.normalizer = normalizer;
        this.metrics = metrics;
        this.settings = settings;
        this.rawPartitions = rawPartitions;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, NormalizedEdit> accepted = acceptedEdits(builder); // incidents.raw -> ... -> incidents.dlq | accepted
        reconcile(inItsIncidentsTask(accepted));                            // -> incidents.reconciled, incidents.conflicts
        return builder.build();
    }

    /**
     * incidents.raw -> validate -> normalize -> check-clock; the rejected to incidents.dlq, the
     * accepted returned keyed by {@code incident_id}, each still in the task that read it.
     */
    public KStream<String, NormalizedEdit> acceptedEdits(StreamsBuilder builder) {
        Map<String, KStream<byte[], Outcome>> verdict = builder
                .stream(topics.raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .processValues(() -> new ValidateStep(validator, metrics), named(VALIDATE, FailureStage.VALIDATE))
                .processValues(() -> new NormalizeStep(normalizer, metrics), named(NORMALIZE, FailureStage.NORMALIZE))
                .processValues(() -> new CheckClockStep(metrics), named(CHECK_CLOCK, FailureStage.VALIDATE))
                .split(named(VERDICT, FailureStage.VALIDATE))
                .branch((key, outcome) -> outcome instanceof Outcome.Rejected, branched(VERDICT, "rejected", FailureStage.VALIDATE))
                .defaultBranch(branched(VERDICT, "accepted", FailureStage.VALIDATE));

        verdict.get(VERDICT + "rejected")
                .processValues(() -> new DeadLetterStep(metrics), named(DEAD_LETTER, FailureStage.PRODUCE))
                .to(topics.dlq(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(sink(DLQ_SINK, FailureStage.PRODUCE)));

        return verdict.get(VERDICT + "accepted")
                .map(new KeyByIncident(metrics), named(KEY_BY_INCIDENT, FailureStage.NORMALIZE));
    }

    /** Every edit in the task of its incident: those already there as they are, the others through the hop. */
    public KStream<String, NormalizedEdit> inItsIncidentsTask(KStream<String, NormalizedEdit> keyedByIncident) {
        Map<String, KStream<String, NormalizedEdit>> placed = keyedByIncident
                .split(named(PLACEMENT, FailureStage.NORMALIZE))
                .branch(new InItsIncidentsPartition(rawPartitions, metrics), branched(PLACEMENT, "in-place", FailureStage.NORMALIZE))
                .defaultBranch(branched(PLACEMENT, "elsewhere", FailureStage.NORMALIZE));
        KStream<String, NormalizedEdit> moved = placed.get(PLACEMENT + "elsewhere")
                .repartition(Repartitioned.with(Serdes.String(), new NormalizedEditSerde())
                        .withName(EDITS_BY_INCIDENT).withNumberOfPartitions(rawPartitions));
        return placed.get(PLACEMENT + "in-place").merge(moved, Named.as(EDITS_BY_INCIDENT + "-merge"));
    }

    /**
     * reconcile -> incidents.reconciled (versions; null for a forgotten incident), incidents.history
     * (the same versions, never the null), incidents.conflicts, and, with checkpoints on,
     * incidents.checkpoints (each task's to its own partition).
     */
    public void reconcile(KStream<String, NormalizedEdit> editsByIncident) {
        CheckpointSettings checkpoints = CheckpointSettings.from(settings); // once: the step and the sinks below share it
        BranchedKStream<String, ReconcileOutput> split = editsByIncident
                .process(new ReconcileStep(settings, checkpoints, metrics.registry()), named(RECONCILE, FailureStage.RECONCILE))
                .split(named(RECONCILE_OUTPUT, FailureStage.RECONCILE))
                .branch((id, out) -> out instanceof ReconcileOutput.Conflict, branched(RECONCILE_OUTPUT, "conflicts", FailureStage.RECONCILE));
        if (checkpoints.enabled()) {
            split = split.branch((id, out) -> out instanceof ReconcileOutput.Checkpoint,
                    branched(RECONCILE_OUTPUT, "checkpoints", FailureStage.RECONCILE));
        }
        Map<String, KStream<String, ReconcileOutput>> outputs = split.defaultBranch(branched(RECONCILE_OUTPUT, "reconciled", FailureStage.RECONCILE));
        if (checkpoints.enabled()) {
            // Task p's checkpoint goes to partition p (its key begins with p): a reader finds a task's checkpoints in one partition.
            StreamPartitioner<String, byte[]> byTask = (topic, key, value, partitions) ->
                    Optional.of(Set.of(Integer.parseInt(key.substring(0, key.indexOf('/'))) % partitions));
            outputs.get(RECONCILE_OUTPUT + "checkpoints")
                    .mapValues(ReconcileOutput::checkpointValue, named("reconcile-checkpoints-value", FailureStage.RECONCILE))
                    .to(checkpoints.topic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withStreamPartitioner(byTask)
                            .withName(sink("reconcile-checkpoints-sink", FailureStage.RECONCILE)));
        }
        outputs.get(RECONCILE_OUTPUT + "reconciled")
                .mapValues(ReconcileOutput::reconciledValue, named("reconcile-reconciled-value", FailureStage.RECONCILE))
                .to(topics.reconciled(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName(sink("reconcile-reconciled-sink", FailureStage.RECONCILE)));
        outputs.get(RECONCILE_OUTPUT + "reconciled")
                .filter((id, out) -> out instanceof ReconcileOutput.Reconciled, named("reconcile-history-versions", FailureStage.RECONCILE))
                .mapValues(ReconcileOutput::reconciledValue, named("reconcile-history-value", FailureStage.RECONCILE))
                .to(topics.history(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName(sink("reconcile-history-sink", FailureStage.RECONCILE)));
        outputs.get(RECONCILE_OUTPUT + "conflicts")
                .mapValues(ReconcileOutput::conflictValue, named("reconcile-conflicts-value", FailureStage.RECONCILE))
                .to(topics.conflicts(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName(sink("reconcile-conflicts-sink", FailureStage.RECONCILE)));
    }

    /**
     * The dead-letter stage ({@code dlq.failed.at}) of every node the blocks built so far named, by
     * node name. Nodes not in it (the repartition hop, a benchmark's stand-ins) come after the
     * placement, which {@code InternalErrorHandler} reports as reconcile.
     */
    public Map<String, FailureStage> failureStages() {
        return Map.copyOf(stages);
    }

    public TopicNames topics() {
        return topics;
    }

    /** The processor's settings the blocks read (a copy). */
    public Properties settings() {
        Properties copy = new Properties();
        copy.putAll(settings);
        return copy;
    }

    public int rawPartitions() {
        return rawPartitions;
    }

    public ProcessorMetrics metrics() {
        return metrics;
    }

    private Named named(String node, FailureStage stage) {
        stages.put(node, stage);
        return Named.as(node);
    }

    /** A branch of the split {@code split}: Kafka Streams names its node {@code split + branch}. */
    private <K, V> Branched<K, V> branched(String split, String branch, FailureStage stage) {
        stages.put(split + branch, stage);
        return Branched.as(branch);
    }

    private String sink(String node, FailureStage stage) {
        stages.put(node, stage);
        return node;
    }
}
