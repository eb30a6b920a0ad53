package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.schemas.topics.Topics;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * Checkpoints of the whole picture, read from the processor's settings (defaults here):
 *
 * <ul>
 *   <li>{@code checkpoint.interval} (default {@code PT1H}; {@code off} for none): every time a reconcile
 *       task's stream time enters a new interval (multiples of it since the epoch), the task writes its
 *       store to {@code topics.checkpoints} in its transaction. A review or a replay at T starts from the
 *       last checkpoint at or before T and reads at most one interval of raw records and versions after it;
 *       each checkpoint costs one pass over the store and its size in the topic (why an hour: the
 *       checkpoints page of after-action).
 *   <li>{@code checkpoint.chunk-bytes} (default 262,144): the size a chunk record is cut at, a quarter of
 *       Kafka's default 1 MiB request and message size.
 *   <li>{@code topics.checkpoints} (default {@code incidents.checkpoints}); {@code topics.raw}, named in each
 *       checkpoint (its raw offsets are that topic's).
 * </ul>
 * On, the step also keeps each incident's last version in a store of its own ({@code reconcile-versions}):
 * the state alone cannot render it (see {@link Checkpointer}).
 */
public record CheckpointSettings(Duration interval, int chunkBytes, String topic, String rawTopic) {

    public static final String INTERVAL = "checkpoint.interval";
    public static final String CHUNK_BYTES = "checkpoint.chunk-bytes";
    public static final String TOPIC = "topics.checkpoints";

    public static CheckpointSettings from(Properties settings) {
        String interval = settings.getProperty(INTERVAL, "PT1H").trim();
        Duration parsed = null;
        if (!interval.toLowerCase(Locale.ROOT).equals("off")) {
            try {
                parsed = Duration.parse(interval);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(INTERVAL + " must be an ISO-8601 duration like PT1H, or off: " + interval, e);
            }
            if (parsed.toMillis() < 1) {
                throw new IllegalArgumentException(INTERVAL + " must be at least a millisecond, or off: " + interval);
            }
        }
        String chunk = settings.getProperty(CHUNK_BYTES, "262144").trim();
        int bytes;
        try {
            bytes = Integer.parseInt(chunk);
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < 1024 || bytes > 4 << 20) {
            throw new IllegalArgumentException(CHUNK_BYTES + " must be a whole number from 1024 to 4194304: " + chunk);
        }
        return new CheckpointSettings(parsed, bytes, settings.getProperty(TOPIC, Topics.CHECKPOINTS).trim(),
                settings.getProperty("topics.raw", Topics.RAW).trim());
    }

    public boolean enabled() {
        return interval != null;
    }
}
