package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.replay.Picture;
import io.incidentfeeds.afteraction.replay.RawEdits;
import java.time.Instant;

/**
 * The picture as known at an instant: every record of the raw topic up to that instant (in each
 * partition, the records before the first one stamped after it), through the processor's steps and
 * reconciliation, in each partition's order, exactly as the live processor saw them. Recomputed from
 * the topic's start every time (checkpoints are not built): the state of every incident is held in
 * memory.
 */
public final class AsOf {

    /** The picture, and what went into it. */
    public record Result(Picture picture, long records, long rejected) {
    }

    private final KafkaSource source;
    private final RawEdits rawEdits;

    public AsOf(KafkaSource source, RawEdits rawEdits) {
        this.source = source;
        this.rawEdits = rawEdits;
    }

    public Result knownAt(String rawTopic, Instant knownAt) {
        Picture picture = new Picture();
        long[] counts = new long[2];
        source.readPrefix(rawTopic, knownAt, record -> {
            counts[0]++;
            RawEdits.Outcome outcome = rawEdits.process(record);
            if (outcome.edit() == null) {
                counts[1]++;
            } else {
                picture.apply(outcome.edit());
            }
        });
        return new Result(picture, counts[0], counts[1]);
    }
}
