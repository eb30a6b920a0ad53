package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.history.HistoryException;
import io.incidentfeeds.history.HistoryVersion;
import io.incidentfeeds.history.TopicReader;
import io.incidentfeeds.history.VersionStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The replay's {@link History} over the shared history module ({@code io.incidentfeeds.history}):
 * the picture at an instant from each task's nearest checkpoint and the history after it, the
 * versions after an instant in append order. What the module does not say, the oldest instant the
 * history still holds (its retention), is read here with the module's {@link TopicReader}: the first
 * record kept by a partition that lost records.
 */
public final class CheckpointHistory implements History {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final io.incidentfeeds.history.History history;
    private final Properties client;
    private final String historyTopic;

    /** @param checkpointsTopic null or empty: no checkpoints (every picture read from the history's start) */
    public CheckpointHistory(EdgeProperties.Kafka kafka, String historyTopic, String checkpointsTopic) {
        Properties client = new Properties();
        client.putAll(kafka.properties());
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        client.put(ConsumerConfig.CLIENT_ID_CONFIG, "ws-edge-replay");
        this.history = new io.incidentfeeds.history.History(client, TIMEOUT, historyTopic,
                checkpointsTopic == null || checkpointsTopic.isBlank() ? null : checkpointsTopic);
        this.client = client;
        this.historyTopic = historyTopic;
    }

    /** The latest of the first records still held by the partitions that lost records to retention. */
    @Override
    public Optional<Instant> oldestAvailable() {
        try (TopicReader reader = new TopicReader(client, TIMEOUT)) {
            List<TopicPartition> partitions = reader.partitions(historyTopic);
            Map<TopicPartition, Long> first = reader.beginnings(partitions);
            Map<TopicPartition, Long> end = reader.ends(partitions);
            Map<TopicPartition, Long> lost = new HashMap<>();
            for (TopicPartition tp : partitions) {
                if (first.get(tp) > 0 && first.get(tp) < end.get(tp)) {
                    lost.put(tp, first.get(tp)); // lost records, and holds some
                }
            }
            Instant[] oldest = {null};
            reader.read(lost, end, r -> {
                Instant t = Instant.ofEpochMilli(r.timestamp());
                oldest[0] = oldest[0] == null || t.isAfter(oldest[0]) ? t : oldest[0];
                return false; // its first record is all this needs of a partition
            });
            return Optional.ofNullable(oldest[0]);
        } catch (HistoryException | KafkaException e) {
            throw new UnavailableException("cannot read " + historyTopic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, LiveIncident> pictureAt(Instant at) {
        Map<String, LiveIncident> picture = new TreeMap<>();
        try {
            history.pictureAt(at).versions().forEach((id, json) -> {
                // A picture's versions are shown whole; where each was read from does not matter to a console.
                LiveIncident version = LiveIncident.fromRecord(json, -1, -1, -1);
                if (!version.deleted()) {
                    picture.put(id, version);
                }
            });
        } catch (HistoryException | KafkaException e) {
            throw new UnavailableException(e.getMessage(), e);
        }
        return picture;
    }

    @Override
    public Versions versionsAfter(Instant after, Instant until) {
        // The picture at an instant holds the versions stamped in its millisecond: the versions after it start one later.
        Instant from = Instant.ofEpochMilli(after.toEpochMilli() + 1);
        VersionStream stream;
        try {
            stream = history.versions(from, until);
        } catch (HistoryException | KafkaException e) {
            throw new UnavailableException(e.getMessage(), e);
        }
        return new Versions() {
            @Override
            public List<LiveIncident> next(int max, Duration wait) {
                List<LiveIncident> out = new ArrayList<>();
                while (out.size() < max && stream.hasNext()) {
                    HistoryVersion v = stream.next();
                    out.add(LiveIncident.fromRecord(v.json(), v.partition(), v.offset(), v.appendedAt().toEpochMilli()));
                }
                return out;
            }

            @Override
            public boolean exhausted() {
                return !stream.hasNext();
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }
}
