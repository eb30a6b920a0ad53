package io.incidentfeeds.schemas.topics;

/** Default Kafka topic names of the contract. Every component lets an operator rename them. */
public final class Topics {

    /** Telemetry as received from MQTT, one record per message; long retention for replay. */
    public static final String RAW = "incidents.raw";
    /** Records the processor rejected, with the dlq.* headers. */
    public static final String DLQ = "incidents.dlq";
    /** Merged incident state, compacted, key incident_id. */
    public static final String RECONCILED = "incidents.reconciled";
    /**
     * Every version written to {@link #RECONCILED}, in the same transaction, never compacted (delete,
     * retention at least the raw topic's), key incident_id: the history an after-action review reads.
     */
    public static final String HISTORY = "incidents.history";
    /**
     * Checkpoints of the whole picture, one per reconcile task every {@code checkpoint.interval} of stream
     * time, written in the same transaction as {@link #HISTORY} (delete, retention at least the raw topic's;
     * CreateTime: records carry the checkpoint's instant): where an after-action review or a replay starts.
     */
    public static final String CHECKPOINTS = "incidents.checkpoints";
    /** Conflicts between concurrent edits, key incident_id. */
    public static final String CONFLICTS = "incidents.conflicts";

    private Topics() {
    }
}
