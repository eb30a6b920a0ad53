package io.incidentfeeds.afteraction.reprocess;

import io.incidentfeeds.history.HistoryException;
import io.incidentfeeds.history.TopicReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a run is done, from its application id's committed offsets (so any instance can tell, and
 * every instance's work counts): every raw partition has reached its window's end, and then every
 * partition of the repartition topic has reached the end it has once no raw record is left (the edits
 * moved there were written in the transactions that committed the raw offsets). The outputs are
 * written in the same transactions, so they are complete then.
 *
 * <p>A committed offset can stop short of an end that a transaction marker or aborted records fill;
 * an offset that has not moved since the last look counts as reached when a read_committed read from
 * it finds no record before the end.
 */
final class Completion implements AutoCloseable {

    private final Clients clients;
    private final Admin admin;
    private final TopicReader reader;
    private final RunNames names;
    private final RawWindow window;
    private final Map<TopicPartition, Long> seen = new HashMap<>();
    private Map<TopicPartition, Long> repartitionEnds;
    private long covered;

    Completion(Clients clients, RunNames names, RawWindow window) {
        this.clients = clients;
        this.admin = clients.admin();
        this.reader = clients.reader();
        this.names = names;
        this.window = window;
    }

    /** Raw offsets of the window the run has committed, by every instance. */
    long covered() {
        return covered;
    }

    /** One look: true when the run is done. */
    boolean done() {
        Map<TopicPartition, OffsetAndMetadata> committed = clients.await(
                admin.listConsumerGroupOffsets(names.applicationId()).partitionsToOffsetAndMetadata(), "read the run's committed offsets");
        Map<Integer, Long> raw = new HashMap<>();
        committed.forEach((tp, o) -> {
            if (tp.topic().equals(window.topic()) && o != null) {
                raw.put(tp.partition(), o.offset());
            }
        });
        covered = window.covered(raw);
        boolean rawDone = true;
        for (var e : window.end().entrySet()) {
            TopicPartition tp = new TopicPartition(window.topic(), e.getKey());
            rawDone &= reached(tp, raw.getOrDefault(e.getKey(), window.start().get(e.getKey())), e.getValue());
        }
        if (!rawDone) {
            return false;
        }
        if (repartitionEnds == null) {
            try {
                repartitionEnds = reader.ends(reader.partitions(names.repartitionTopic())); // last stable: what the committed transactions wrote
            } catch (HistoryException e) {
                throw clients.unreachable();
            }
        }
        boolean done = true;
        for (var e : repartitionEnds.entrySet()) {
            OffsetAndMetadata o = committed.get(e.getKey());
            done &= reached(e.getKey(), o == null ? 0 : o.offset(), e.getValue());
        }
        return done;
    }

    private boolean reached(TopicPartition tp, long committed, long end) {
        if (committed >= end) {
            return true;
        }
        Long before = seen.put(tp, committed);
        return before != null && before == committed && !holdsRecords(tp, committed, end);
    }

    /** Whether a read_committed read of {@code tp} from {@code from} meets a record before {@code end}. */
    private boolean holdsRecords(TopicPartition tp, long from, long end) {
        boolean[] met = {false};
        try {
            reader.read(Map.of(tp, from), Map.of(tp, end), r -> {
                met[0] = true;
                return false;
            });
        } catch (HistoryException e) {
            return true; // cannot tell yet: look again
        }
        return met[0];
    }

    @Override
    public void close() {
        reader.close();
        admin.close(Duration.ofSeconds(1));
    }
}
