package io.incidentfeeds.afteraction.reprocess;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.read.Progress;
import io.incidentfeeds.processor.app.ProcessorConfig;
import io.incidentfeeds.processor.app.StreamProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A reprocess run: the live processor itself (stream-processor's {@link StreamProcessor}, its
 * {@code IncidentTopology} and settings) under an application id of its own, over a window of the raw
 * topic, writing prefixed topics ({@link RunNames}). Its window's starts are committed for its
 * application id before Kafka Streams starts, its ends kept beside them ({@link RawWindow}); records
 * past an end never reach the topology ({@link WindowEndInterceptor}). It stops when the committed
 * offsets say every partition is done ({@link Completion}), prints what it wrote and which incidents
 * lack their first edits ({@link EarlyEdits}), and deletes its internal topics, groups and local state
 * unless told to keep them. Instances started with the same prefix ({@code --resume}) share the
 * partitions, as the live processor's do.
 */
public final class Reprocess {

    /** How a run begins: anew (the prefix must hold nothing), resuming or joining the prefix's run, or anew after deleting it. */
    public enum Start { NEW, RESUME, OVERWRITE }

    /**
     * @param from            the window's start; null: each raw partition's first offset (ignored on resume)
     * @param to              the window's end (ignored on resume)
     * @param processorConfig the live processor's properties file; null: its defaults
     */
    public record Plan(RunNames names, Start start, Instant from, Instant to, boolean keepState, Path stateDir, Path processorConfig) {
    }

    private static final Duration LOOK_EVERY = Duration.ofMillis(500);

    private final Properties client;
    private final Clients clients;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Progress progress;

    /** {@code progress}: the line the run's committed raw offsets are counted on (ended before the run's summary). */
    public Reprocess(Properties client, Duration timeout, PrintWriter out, PrintWriter err, Progress progress) {
        this.client = client;
        this.clients = new Clients(client, timeout);
        this.out = out;
        this.err = err;
        this.progress = progress;
    }

    public void run(Plan plan) {
        RunNames names = plan.names();
        RawWindow window = prepare(plan);
        err.printf("reprocess %s: %s partitions %s to %s, %d raw records; writing %s; settings %s%n", names.applicationId(),
                window.topic(), window.start(), window.end(), window.size(), String.join(", ", names.written()),
                plan.processorConfig() == null ? "the processor's defaults" : plan.processorConfig());
        err.printf("reprocess: more instances share the work: the same command with --resume (and the same --prefix)%n");
        err.flush();

        StreamProcessor processor = start(plan, window);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                processor.close();
            }
        };
        Thread interrupted = new Thread(() -> {
            if (!closed.get()) {
                close.run();
                err.println("reprocess: interrupted; continue with the same command and --resume");
                err.flush();
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        long started = System.nanoTime();
        try (Completion completion = new Completion(clients, names, window)) {
            progress.reading(window.topic(), window.size());
            while (!completion.done()) {
                if (processor.terminated().isDone()) {
                    throw new ReviewException(ExitCode.INTERNAL, "Kafka Streams stopped (" + processor.terminated().join()
                            + ") before the run was done; its committed work stays: continue with --resume");
                }
                progress.readTo(completion.covered());
                Thread.sleep(LOOK_EVERY.toMillis());
            }
            progress.readTo(completion.covered());
            progress.close();
            err.printf("reprocess: %d of %d raw records in %.1f s%n", completion.covered(), window.size(), (System.nanoTime() - started) / 1e9);
            err.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReviewException(ExitCode.INTERNAL, "interrupted");
        } finally {
            progress.close();
            close.run();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        report(names, window);
        if (plan.keepState()) {
            keep(plan);
        } else {
            deleteLocalState(plan);
            cleanUp(names);
        }
    }

    /** Checks the prefix, clears it for --overwrite, and gives the run's window: captured and kept, or the resumed run's. */
    private RawWindow prepare(Plan plan) {
        RunNames names = plan.names();
        try (Admin admin = clients.admin()) {
            List<String> held = held(admin, names);
            if (plan.start() == Start.RESUME) {
                RawWindow window = RawWindow.load(clients, admin, names.windowGroup(), names.live().raw());
                if (window == null) {
                    throw new ReviewException(ExitCode.PREFIX_IN_USE, "--resume: --prefix '" + names.prefix() + "' holds no run to resume"
                            + (held.isEmpty() ? "" : " (it holds " + String.join(", ", held) + ": --overwrite deletes it)"));
                }
                boolean started = clients.await(admin.listConsumerGroupOffsets(names.applicationId()).partitionsToOffsetAndMetadata(),
                        "read group " + names.applicationId()).keySet().stream().anyMatch(tp -> tp.topic().equals(window.topic()));
                if (!started) { // stopped between keeping its window and committing its starts: commit them now
                    clients.await(admin.alterConsumerGroupOffsets(names.applicationId(), window.startOffsets()).all(),
                            "commit the window's start for " + names.applicationId());
                }
                return window;
            }
            if (plan.start() == Start.NEW && !held.isEmpty()) {
                throw new ReviewException(ExitCode.PREFIX_IN_USE, "--prefix '" + names.prefix() + "' already holds a run: "
                        + String.join(", ", held) + "; --resume continues it, --overwrite deletes it and starts again");
            }
            if (plan.start() == Start.OVERWRITE) {
                int members = members(admin, names.applicationId());
                if (members > 0) {
                    throw new ReviewException(ExitCode.PREFIX_IN_USE, "--overwrite: " + members + " instances of the run under --prefix '"
                            + names.prefix() + "' are still running; stop them first");
                }
                delete(admin, names, true, List.of(names.applicationId(), names.windowGroup()));
                deleteLocalState(plan);
            }
            RawWindow window = RawWindow.capture(clients, names.live().raw(), plan.from(), plan.to());
            clients.await(admin.alterConsumerGroupOffsets(names.applicationId(), window.startOffsets()).all(),
                    "commit the window's start for " + names.applicationId());
            window.store(clients, admin, names.windowGroup());
            return window;
        }
    }

    /** What the prefix holds already: written topics with records, internal topics, the run's groups. */
    private List<String> held(Admin admin, RunNames names) {
        Set<String> topics = clients.await(admin.listTopics().names(), "list topics");
        List<String> held = new ArrayList<>();
        for (String topic : names.written()) {
            if (topics.contains(topic) && records(admin, topic) > 0) {
                held.add("topic " + topic);
            }
        }
        topics.stream().filter(names::isInternal).sorted().forEach(t -> held.add("internal topic " + t));
        for (String group : List.of(names.applicationId(), names.windowGroup())) {
            if (!clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "read group " + group).isEmpty()) {
                held.add("group " + group);
            }
        }
        return held;
    }

    /** Offsets between each partition's first and end, summed: above 0 when the topic holds records. */
    private long records(Admin admin, String topic) {
        TopicDescription d = clients.await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe " + topic).get(topic);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        d.partitions().forEach(p -> {
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        });
        var first = clients.await(admin.listOffsets(earliest).all(), "list offsets of " + topic);
        var last = clients.await(admin.listOffsets(latest).all(), "list offsets of " + topic);
        return last.entrySet().stream().mapToLong(e -> e.getValue().offset() - first.get(e.getKey()).offset()).sum();
    }

    private int members(Admin admin, String group) {
        var described = clients.await(admin.describeConsumerGroups(List.of(group)).all(), "describe group " + group,
                GroupIdNotFoundException.class, Map.of());
        return described.containsKey(group) ? described.get(group).members().size() : 0;
    }

    /**
     * Deletes the run's internal topics and {@code groups}, and with {@code outputs} its written topics too; waits until the
     * topics are gone.
     */
    private List<String> delete(Admin admin, RunNames names, boolean outputs, List<String> groups) {
        Set<String> topics = clients.await(admin.listTopics().names(), "list topics");
        List<String> doomed = new ArrayList<>(topics.stream().filter(names::isInternal).sorted().toList());
        if (outputs) {
            names.written().stream().filter(topics::contains).forEach(doomed::add);
        }
        if (!doomed.isEmpty()) { // another instance finishing at the same time may have deleted some already
            admin.deleteTopics(doomed).topicNameValues().forEach((topic, deleted) ->
                    clients.await(deleted, "delete topic " + topic, UnknownTopicOrPartitionException.class, null));
        }
        for (String group : groups) {
            clients.await(admin.deleteConsumerGroups(List.of(group)).all(), "delete group " + group, GroupIdNotFoundException.class, null);
        }
        long deadline = System.nanoTime() + clients.timeout().multipliedBy(3).toNanos();
        while (clients.await(admin.listTopics().names(), "list topics").stream().anyMatch(doomed::contains)) {
            if (System.nanoTime() > deadline) {
                throw new ReviewException(ExitCode.INTERNAL, "topics " + doomed + " are still being deleted; try again shortly");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReviewException(ExitCode.INTERNAL, "interrupted");
            }
        }
        return doomed;
    }

    /** Starts the live processor for the run; if it cannot start, a new run's groups are deleted again (the prefix stays free). */
    private StreamProcessor start(Plan plan, RawWindow window) {
        try {
            return StreamProcessor.start(ProcessorConfig.load(plan.processorConfig(), Map.of(), settings(plan, window)));
        } catch (RuntimeException e) {
            if (plan.start() != Start.RESUME) {
                try (Admin admin = clients.admin()) {
                    delete(admin, plan.names(), false, List.of(plan.names().applicationId(), plan.names().windowGroup()));
                }
            }
            if (e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
                throw new ReviewException(ExitCode.BAD_CONFIG, "--processor-config " + plan.processorConfig() + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The live processor's settings with what makes it this run: its application id, state, topics and window. */
    private Map<String, String> settings(Plan plan, RawWindow window) {
        Map<String, String> run = new TreeMap<>();
        client.stringPropertyNames().forEach(k -> run.put("kafka." + k, client.getProperty(k)));
        run.put("kafka.application.id", plan.names().applicationId());
        run.put("kafka.state.dir", plan.stateDir().toString());
        run.put("kafka.auto.offset.reset", "earliest");
        run.put("kafka.main.consumer.interceptor.classes", WindowEndInterceptor.class.getName());
        run.put("kafka.main.consumer." + WindowEndInterceptor.TOPIC, window.topic());
        run.put("kafka.main.consumer." + WindowEndInterceptor.ENDS, window.endsSetting());
        var topics = plan.names().topics();
        run.put("topics.raw", topics.raw());
        run.put("topics.dlq", topics.dlq());
        run.put("topics.reconciled", topics.reconciled());
        run.put("topics.history", topics.history());
        run.put("topics.conflicts", topics.conflicts());
        run.put("topics.checkpoints", plan.names().checkpoints());
        run.put("topics.provisioning", "create");
        run.put("http.port", "-1");
        return run;
    }

    /** On stdout: each topic written and its records; the incidents whose first edits the window lacks. */
    private void report(RunNames names, RawWindow window) {
        Set<String> exist;
        try (Admin admin = clients.admin()) {
            exist = clients.await(admin.listTopics().names(), "list topics");
        }
        for (String topic : names.written().stream().filter(exist::contains).toList()) { // checkpoints: only when on
            long[] records = {0};
            RawWindow.whole(clients, topic).read(clients, r -> records[0]++);
            out.printf("wrote %s: %d records%n", topic, records[0]);
        }
        EarlyEdits early = new EarlyEdits();
        window.read(clients, early::accept);
        List<EarlyEdits.Missing> missing = early.missing();
        out.printf("%d incidents lack their first edits in the window (expired from %s, or before --from): their versions here "
                + "start from a later state than the live ones%n", missing.size(), window.topic());
        missing.forEach(m -> out.printf("%s: lacks %s (first held: %s)%n", m.incidentId(), m.describe(), m.firstHeld()));
        out.flush();
    }

    /** --keep-state: says what is kept and how to delete it. */
    private void keep(Plan plan) {
        RunNames names = plan.names();
        List<String> internal;
        try (Admin admin = clients.admin()) {
            internal = clients.await(admin.listTopics().names(), "list topics").stream().filter(names::isInternal).sorted().toList();
        }
        String bootstrap = client.getProperty("bootstrap.servers");
        err.printf("reprocess: kept (--keep-state): internal topics %s, groups %s and %s, local state %s. To delete them:%n", internal,
                names.applicationId(), names.windowGroup(), plan.stateDir().resolve(names.applicationId()));
        internal.forEach(t -> err.printf("  kafka-topics.sh --bootstrap-server %s --delete --topic %s%n", bootstrap, t));
        err.printf("  kafka-consumer-groups.sh --bootstrap-server %s --delete --group %s --group %s%n", bootstrap, names.applicationId(),
                names.windowGroup());
        err.printf("  rm -r %s%n", plan.stateDir().resolve(names.applicationId()));
        err.flush();
    }

    /**
     * Deletes the internal topics and the window group once no instance is left in the run's group (the last to finish
     * does it). The run's group keeps its committed offsets, at the window's ends: an instance that joins as the run
     * ends then resumes past them and writes nothing, where without them Kafka Streams would start it over.
     */
    private void cleanUp(RunNames names) {
        try (Admin admin = clients.admin()) {
            int members = members(admin, names.applicationId());
            if (members > 0) {
                err.printf("reprocess: %d other instances are still in the group; the last to finish deletes the internal topics%n", members);
            } else {
                List<String> deleted = delete(admin, names, false, List.of(names.windowGroup()));
                err.printf("reprocess: deleted internal topics %s, group %s and this instance's local state; group %s keeps its "
                        + "committed offsets (the window's ends; --overwrite deletes it)%n", deleted, names.windowGroup(), names.applicationId());
            }
        }
        err.flush();
    }

    private static void deleteLocalState(Plan plan) {
        Path dir = plan.stateDir().resolve(plan.names().applicationId());
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new ReviewException(ExitCode.INTERNAL, "cannot delete the local state " + dir + ": " + e.getMessage(), e);
        }
    }
}
