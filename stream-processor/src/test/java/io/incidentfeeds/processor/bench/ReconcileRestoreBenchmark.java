package io.incidentfeeds.processor.bench;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.processor.reconcile.EditWorkload;
import io.incidentfeeds.processor.reconcile.ReconcileStep;
import io.incidentfeeds.testsupport.InJvmKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * How long reconciliation's state takes to come back, on a real broker: the processor (the real
 * topology, one stream thread, exactly-once v2) reconciles edits of {@code --incidents} distinct
 * incidents until every one is committed, and then:
 * <ol>
 *   <li>restart with its state directory intact (a clean shutdown leaves a checkpoint);
 *   <li>restart with its state directory wiped: every store restored from its changelog;
 *   <li>failover without standby replicas: two instances share the tasks; one leaves (closed, its
 *       directory wiped), and the survivor restores the leaver's tasks from the changelogs;
 *   <li>the same with {@code num.standby.replicas=1}: the survivor already holds a standby copy of
 *       the leaver's stores and only catches up their tails.
 * </ol>
 * Each time from {@code start()} (1, 2) or from the leaver's {@code close()} (3, 4) until the
 * instance is RUNNING again with every restoration ended, with the records restored. Also the
 * store's size on disk and its changelog's. By default an instance closes without leaving the
 * group (Kafka Streams' default), so each figure includes the wait for the old member's
 * {@code session.timeout.ms} (10 s, the processor's default) as after a crash; the intact restart
 * shows that part alone. With {@code --leave-group true} it leaves the group as the service's own
 * shutdown does ({@code StreamProcessor.close}): a planned restart or a drained instance. Not a
 * test: commands in docs/benchmarks/stream-processor.md.
 *
 * <pre>
 * --incidents N       distinct incidents (default 100000)
 * --edits E           edits per incident, by random agencies, 20% concurrent (default 2)
 * --partitions P      partitions of every topic (default 6)
 * --leave-group B     close as a planned shutdown, leaving the group (default false: as after a crash)
 * --bootstrap H:P     an external broker instead of an in-JVM one
 * </pre>
 */
public final class ReconcileRestoreBenchmark {

    private final KafkaBroker broker;
    private final String id;
    private final Map<String, String> base = new HashMap<>();
    private final Path stateRoot;
    private final boolean leaveGroup;

    private ReconcileRestoreBenchmark(KafkaBroker broker, int partitions, boolean leaveGroup) throws IOException {
        this.broker = broker;
        this.leaveGroup = leaveGroup;
        this.id = KafkaBroker.uniqueName("restore");
        this.stateRoot = Files.createTempDirectory(id);
        base.put("kafka.bootstrap.servers", broker.bootstrapServers());
        base.put("kafka.application.id", id);
        base.put("kafka.auto.offset.reset", "earliest");
        base.put("topics.raw", id + ".raw");
        base.put("topics.dlq", id + ".dlq");
        base.put("topics.reconciled", id + ".reconciled");
        base.put("topics.history", id + ".history");
        base.put("topics.conflicts", id + ".conflicts");
        base.put("topics.partitions", String.valueOf(partitions));
        // Every instance counts as caught up, so a joining one gets its share of active tasks at once
        // instead of warm-up copies that move over only at the next probing rebalance (10 min): the
        // failover without standbys must not hide a warm-up replica.
        base.put("kafka.acceptable.recovery.lag", String.valueOf(Long.MAX_VALUE));
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.Options options = BenchSupport.options(args);
        int incidents = options.integer("incidents", 100_000);
        int edits = options.integer("edits", 2);
        int partitions = options.integer("partitions", 6);
        boolean leaveGroup = Boolean.parseBoolean(options.get("leave-group"));
        String external = options.get("bootstrap");
        KafkaBroker broker = external != null ? () -> external : InJvmKafkaBroker.start();
        try {
            new ReconcileRestoreBenchmark(broker, partitions, leaveGroup).run(incidents, edits);
        } finally {
            if (broker instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private void run(int incidents, int edits) throws Exception {
        System.out.println(leaveGroup ? "instances close leaving the group (a planned shutdown)"
                : "instances close without leaving the group (the old member waited out, as after a crash)");
        Instance a = new Instance("a", 0, true);
        long started = System.nanoTime();
        a.start();
        a.awaitRunning();
        produce(incidents, edits);
        awaitAllCommitted();
        System.out.printf(Locale.ROOT, "filled: %,d edits of %,d incidents reconciled and committed in %.1f s%n", incidents * edits,
                incidents, (System.nanoTime() - started) / 1e9);
        a.close();
        sizes();

        a = new Instance("a", 0, false);
        a.timeToRunning("restart, state directory intact");
        a.close();

        a = new Instance("a", 0, true);
        a.timeToRunning("restart, state directory wiped (restore from the changelog)");
        a.close();

        failover(0);
        failover(1);
    }

    /** Two instances share the tasks; A leaves and its directory is wiped; how long until B runs them all. */
    private void failover(int standbys) throws Exception {
        Instance a = new Instance("a", standbys, true);
        Instance b = new Instance("b", standbys, true);
        a.start();
        b.start();
        a.awaitRunning();
        b.awaitRunning();
        awaitStoresCaughtUp(a, b);
        b.restored.set(0);
        long leaving = System.nanoTime();
        a.close();
        a.wipe();
        b.awaitRebalancedAndRunning(leaving);
        System.out.printf(Locale.ROOT, "failover, %d standby replica%s: survivor running all tasks %.2f s after the other left, "
                        + "%,d records restored%n", standbys, standbys == 1 ? "" : "s", (b.runningAt - leaving) / 1e9, b.restored.get());
        b.close();
    }

    /**
     * Every store of both instances, active and standby, has caught up with its changelog: the lags
     * stopped moving and none is over a few offsets (under exactly-once a standby never reads the
     * commit marker at a changelog's end, so its lag stays at 1).
     */
    private static void awaitStoresCaughtUp(Instance... instances) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long previous = -1;
        int steady = 0;
        while (System.nanoTime() < deadline) {
            long total = 0;
            long worst = 0;
            boolean running = true;
            for (Instance i : instances) {
                for (Map<Integer, LagInfo> lags : i.streams.allLocalStorePartitionLags().values()) {
                    for (LagInfo lag : lags.values()) {
                        total += lag.offsetLag();
                        worst = Math.max(worst, lag.offsetLag());
                    }
                }
                running &= i.streams.state() == KafkaStreams.State.RUNNING;
            }
            steady = running && worst <= 5 && total == previous ? steady + 1 : 0;
            previous = total;
            if (steady >= 3) {
                System.out.printf(Locale.ROOT, "  stores caught up (lag left: %d offsets in all)%n", total);
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("stores did not catch up");
    }

    /** One processor instance with its own state directory, timing its state changes and restorations. */
    private final class Instance {
        final Path stateDir;
        final KafkaStreams streams;
        final AtomicLong restored = new AtomicLong();
        final AtomicLong restoring = new AtomicLong();
        volatile long runningAt;
        volatile long restoreEndedAt;

        /** {@code wipe}: start without a state directory (before Kafka Streams creates its own in it). */
        Instance(String name, int standbys, boolean wipe) throws IOException {
            stateDir = stateRoot.resolve(name);
            if (wipe) {
                wipe();
            }
            Map<String, String> settings = new HashMap<>(base);
            settings.put("kafka.state.dir", stateDir.toString());
            settings.put("kafka.num.standby.replicas", String.valueOf(standbys));
            streams = new BenchProcessor(settings).streams;
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    runningAt = System.nanoTime();
                }
            });
            streams.setGlobalStateRestoreListener(new StateRestoreListener() {
                @Override
                public void onRestoreStart(TopicPartition tp, String store, long startingOffset, long endingOffset) {
                    restoring.incrementAndGet();
                }

                @Override
                public void onBatchRestored(TopicPartition tp, String store, long batchEndOffset, long numRestored) {
                    restored.addAndGet(numRestored);
                }

                @Override
                public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {
                    restoreEndedAt = System.nanoTime();
                    restoring.decrementAndGet();
                }

                @Override
                public void onRestoreSuspended(TopicPartition tp, String store, long totalRestored) {
                    restoring.decrementAndGet();
                }
            });
        }

        void start() {
            streams.start();
        }

        void awaitRunning() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (!(streams.state() == KafkaStreams.State.RUNNING && restoring.get() == 0)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not running: " + streams.state());
                }
                Thread.sleep(10);
            }
        }

        /** Waits for a rebalance that began after {@code since} to end in RUNNING, restorations done. */
        void awaitRebalancedAndRunning(long since) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (!(runningAt > since && streams.state() == KafkaStreams.State.RUNNING && restoring.get() == 0)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not running again: " + streams.state());
                }
                Thread.sleep(10);
            }
        }

        void timeToRunning(String what) throws InterruptedException {
            long started = System.nanoTime();
            start();
            awaitRunning();
            long running = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s: RUNNING with restorations done %.2f s after start() (state RUNNING at %.2f s, "
                            + "last restoration ended at %.2f s), %,d records restored%n", what, (running - started) / 1e9,
                    (runningAt - started) / 1e9, restoreEndedAt == 0 ? 0 : (restoreEndedAt - started) / 1e9, restored.get());
        }

        void close() {
            CloseOptions options = CloseOptions.timeout(Duration.ofSeconds(60));
            streams.close(leaveGroup ? options.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP) : options);
        }

        void wipe() throws IOException {
            if (Files.exists(stateDir)) {
                try (Stream<Path> files = Files.walk(stateDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private void produce(int incidents, int edits) {
        Properties props = broker.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        long records = (long) incidents * edits;
        // Edit times end a minute ago, 1 ms apart: inside validation's window, behind the broker's clock.
        EditWorkload workload = new EditWorkload(42, "INC-RESTORE", incidents, 0.2, Instant.now().minusMillis(records + 60_000),
                Duration.ofMillis(1));
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int e = 0; e < edits; e++) {
                for (int n = 0; n < incidents; n++) {
                    EditWorkload.Raw r = workload.next(n);
                    producer.send(new ProducerRecord<>(base.get("topics.raw"), null, r.timestamp(), r.key(),
                            r.payload(), r.headers()), (metadata, ex) -> {
                                if (ex != null) {
                                    failed.incrementAndGet();
                                }
                            });
                }
            }
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records were refused by the broker");
        }
    }

    /** Until the group's committed offsets reach the end of every topic it reads (raw and repartition). */
    private void awaitAllCommitted() throws Exception {
        try (Admin admin = broker.admin()) {
            List<TopicPartition> raw = new ArrayList<>();
            for (int p = 0; p < Integer.parseInt(base.get("topics.partitions")); p++) {
                raw.add(new TopicPartition(base.get("topics.raw"), p));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> rawEnd = BenchSupport.endOffsets(admin, raw);
                Map<TopicPartition, Long> end = BenchSupport.endOffsets(admin, committed.keySet());
                boolean rawDone = rawEnd.entrySet().stream()
                        .allMatch(e -> (committed.containsKey(e.getKey()) ? committed.get(e.getKey()).offset() : 0) >= e.getValue());
                if (rawDone && committed.entrySet().stream().allMatch(e -> e.getValue().offset() >= end.get(e.getKey()))) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("not all committed");
        }
    }


    /** The store on disk (instance a's directory) and its changelog on the broker. */
    private void sizes() throws Exception {
        long storeBytes = 0;
        long allBytes = 0;
        try (Stream<Path> files = Files.walk(stateRoot.resolve("a"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                long size = Files.size(p);
                allBytes += size;
                if (p.toString().contains("/" + ReconcileStep.STORE + "/")) {
                    storeBytes += size;
                }
            }
        }
        String changelog = id + "-" + ReconcileStep.STORE + "-changelog";
        try (Admin admin = broker.admin()) {
            int brokerId = admin.describeCluster().nodes().get().iterator().next().id();
            long logBytes = 0;
            for (var dir : admin.describeLogDirs(List.of(brokerId)).allDescriptions().get().get(brokerId).values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
                    if (r.getKey().topic().equals(changelog)) {
                        logBytes += r.getValue().size();
                    }
                }
            }
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < Integer.parseInt(base.get("topics.partitions")); p++) {
                tps.add(new TopicPartition(changelog, p));
            }
            long records = BenchSupport.endOffsets(admin, tps).values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "sizes: %s store on disk %.1f MB (whole state directory %.1f MB); changelog %s: %.1f MB, "
                            + "%,d records (end offsets, not yet compacted)%n", ReconcileStep.STORE, storeBytes / 1e6, allBytes / 1e6,
                    changelog, logBytes / 1e6, records);
        }
    }

}
