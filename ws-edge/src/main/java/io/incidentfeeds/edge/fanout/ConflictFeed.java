package io.incidentfeeds.edge.fanout;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.view.LiveView;
import io.incidentfeeds.edge.view.TopicFollower;
import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conflicts channel's live feed: conflict records from incidents.conflicts (the full record,
 * with every competing value, which the conflict summaries inside reconciled records lack), tailed
 * from the end (a subscriber's snapshot shows the incidents that have conflicts now). A record goes
 * to the conflicts subscribers that may see its incident. Optional: without the topic the channel
 * still gives snapshots, and the feed keeps looking for the topic.
 */
public final class ConflictFeed extends TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(ConflictFeed.class);

    private final LiveView view;
    private final Fanout fanout;
    private boolean told;

    public ConflictFeed(EdgeProperties.Kafka settings, LiveView view, Fanout fanout) {
        super(settings, "conflicts");
        this.view = view;
        this.fanout = fanout;
    }

    @Override
    protected boolean enabled() {
        return settings.conflictsTopic() != null && !settings.conflictsTopic().isBlank();
    }

    @Override
    protected void read(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = awaitPartitions(c, settings.conflictsTopic(), Duration.ofSeconds(5), () -> {
            if (!told) {
                log.info("conflicts topic {} does not exist yet; the conflicts channel has snapshots only until it does",
                        settings.conflictsTopic());
                told = true;
            }
        });
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        c.seekToEnd(partitions);
        partitions.forEach(c::position);
        try {
            while (running()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(settings.pollTimeout())) {
                    deliver(r);
                }
            }
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("conflict feed failed; reading again from the end in 5 s", e);
            sleep(Duration.ofSeconds(5));
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null || !view.started()) {
            return;
        }
        ConflictRecord conflict;
        try {
            conflict = ConflictRecord.fromJson(r.value());
        } catch (RuntimeException e) {
            log.warn("skipping {}-{}@{}: not a conflict record: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        String json = new String(conflict.toJson(), StandardCharsets.UTF_8);
        List<String> competing = conflict.competing() == null ? List.of()
                : conflict.competing().stream().map(CompetingValue::agencyId).toList();
        view.read(reader -> {
            fanout.offerConflict(conflict.incidentId(), json, reader.get(conflict.incidentId()), competing,
                    reader.position(), r.timestamp());
            return null;
        });
    }
}
