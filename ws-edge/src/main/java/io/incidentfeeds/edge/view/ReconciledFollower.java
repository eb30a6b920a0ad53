package io.incidentfeeds.edge.view;

import io.incidentfeeds.edge.EdgeProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the live view from incidents.reconciled: every partition, from the beginning, then followed.
 * The view is caught up, and the edge ready, once it has read up to the end offsets the topic had
 * when reading started. After a failure it starts over from the beginning (sessions are closed so
 * consoles resume against the rebuilt view).
 */
public final class ReconciledFollower extends TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(ReconciledFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final LiveView view;
    private final AtomicLong lag = new AtomicLong(-1);
    private final AtomicLong invalidRecords = new AtomicLong();
    private volatile boolean caughtUp;
    private volatile String status = "starting";
    private volatile Runnable onRestart = () -> { };

    public ReconciledFollower(EdgeProperties.Kafka settings, LiveView view) {
        super(settings, "live-view");
        this.view = view;
    }

    /**
     * What to do when reading starts over after a failure: the view is rebuilt from the beginning,
     * so sessions holding positions and subscriptions of the old one must start over too.
     */
    public void onRestart(Runnable action) {
        this.onRestart = action;
    }

    /** Whether the view has read everything the topic held when the edge started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** A line for the health endpoint. */
    public String status() {
        return status;
    }

    /** Records behind the end of the topic, summed over partitions; -1 before the first poll. */
    public long lag() {
        return lag.get();
    }

    /** Record values that were not reconciled incidents (skipped, logged). */
    public long invalidRecords() {
        return invalidRecords.get();
    }

    @Override
    public int getPhase() {
        // Before the web server (which starts last): the view fills while the port opens, and
        // readiness says when it is complete.
        return 0;
    }

    @Override
    protected void read(KafkaConsumer<String, byte[]> c) {
        try {
            readFromStart(c);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            status = "reader failed: " + e;
            log.error("live view reader failed; starting over from the beginning in {} s", RETRY.toSeconds(), e);
            caughtUp = false;
            sleep(RETRY);
        }
    }

    private void readFromStart(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = awaitPartitions(c, settings.topic(), Duration.ofSeconds(1), () -> {
            status = "waiting for topic " + settings.topic();
            log.info("live view: topic {} does not exist yet; waiting", settings.topic());
        });
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> beginning = c.beginningOffsets(partitions);
        Map<TopicPartition, Long> target = c.endOffsets(partitions);
        long[] start = new long[partitions.size()];
        for (TopicPartition tp : partitions) {
            start[tp.partition()] = beginning.get(tp);
        }
        if (view.started()) {
            onRestart.run();
        }
        view.initialize(start);
        status = "catching up to " + target;
        log.info("live view: reading {} partitions of {} from {} up to {}", partitions.size(), settings.topic(), beginning, target);
        while (running()) {
            ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
            List<LiveView.Input> inputs = new ArrayList<>(records.count());
            for (ConsumerRecord<String, byte[]> r : records) {
                inputs.add(new LiveView.Input(r.key(), r.partition(), r.offset(), parse(r)));
            }
            if (!inputs.isEmpty()) {
                view.apply(inputs);
            }
            long totalLag = 0;
            boolean reached = true;
            for (TopicPartition tp : partitions) {
                long position = c.position(tp);
                view.advanceTo(tp.partition(), position);
                reached &= position >= target.get(tp);
                totalLag += c.currentLag(tp).orElse(0);
            }
            lag.set(totalLag);
            if (reached && !caughtUp) {
                caughtUp = true;
                status = "caught up";
                log.info("live view caught up: {} live incidents", view.read(LiveView.Reader::liveCount));
            }
        }
    }

    private LiveIncident parse(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            return LiveIncident.fromRecord(r.value(), r.partition(), r.offset(), r.timestamp());
        } catch (RuntimeException e) {
            invalidRecords.incrementAndGet();
            log.warn("skipping {}-{}@{}: not a reconciled incident: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }
}
