package io.incidentfeeds.edge.replay;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.edge.view.TopicReader;
import io.incidentfeeds.history.HistoryException;
import io.incidentfeeds.history.HistoryVersion;
import io.incidentfeeds.history.VersionStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The replay's {@link History} over the shared history module ({@code io.incidentfeeds.history}):
 * the picture at an instant from each task's nearest checkpoint and the history after it, the
 * versions after an instant in append order. What the module does not say, the oldest instant the
 * history still holds (its retention), is read here: the first record kept by a partition that lost
 * records.
 */
public final class CheckpointHistory implements History {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final io.incidentfeeds.history.History history;
    private final EdgeProperties.Kafka kafka;
    private final String historyTopic;

    /** @param checkpointsTopic null or empty: no checkpoints (every picture read from the history's start) */
    public CheckpointHistory(EdgeProperties.Kafka kafka, String historyTopic, String checkpointsTopic) {
        Properties client = new Properties();
        client.putAll(kafka.properties());
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        client.put(ConsumerConfig.CLIENT_ID_CONFIG, "ws-edge-replay");
        this.history = new io.incidentfeeds.history.History(client, TIMEOUT, historyTopic,
                checkpointsTopic == null || checkpointsTopic.isBlank() ? null : checkpointsTopic);
        this.kafka = kafka;
        this.historyTopic = historyTopic;
    }

    @Override
    public Optional<Instant> oldestAvailable() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(TopicReader.consumerProperties(kafka, "ws-edge-replay-retention"))) {
            List<TopicPartition> partitions = c.partitionsFor(historyTopic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(historyTopic, p.partition())).toList();
            Map<TopicPartition, Long> first = c.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, TIMEOUT);
            Instant oldest = null;
            for (TopicPartition tp : partitions) {
                if (first.get(tp) == 0 || first.get(tp) >= end.get(tp)) {
                    continue; // never lost a record, or holds none
                }
                c.assign(List.of(tp));
                c.seek(tp, first.get(tp));
                List<ConsumerRecord<String, byte[]>> records = List.of();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline && c.position(tp, TIMEOUT) < end.get(tp)) {
                    records = c.poll(Duration.ofMillis(200)).records(tp);
                }
                if (!records.isEmpty()) {
                    Instant t = Instant.ofEpochMilli(records.get(0).timestamp());
                    oldest = oldest == null || t.isAfter(oldest) ? t : oldest;
                }
            }
            return Optional.ofNullable(oldest);
        } catch (KafkaException e) {
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
