package io.incidentfeeds.afteraction.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import com.sun.management.OperatingSystemMXBean;
import io.incidentfeeds.afteraction.cli.AfterAction;
import io.incidentfeeds.processor.app.StreamProcessor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;

/**
 * One measured run in a JVM of its own, the process under test, for {@link AfterActionBenchmark}: an
 * after-action command (its output written to /dev/null, so formatting counts), or the live processor
 * over the raw topic until its committed offsets reach the topic's end. When it is done it writes
 * {@code status cpu-ns wall-ns heap-after-gc-bytes} to the result file: the process's CPU time (every
 * thread, the JVM's own and the garbage collector's included, from its start), the wall time of the
 * work, and the most heap in use right after a collection (what was live then, at most; the heap's
 * use before a collection is the collector's choice up to -Xmx).
 *
 * <pre>
 * Measured result-file after-action &lt;command and options&gt;
 * Measured result-file processor &lt;settings.properties&gt;
 * </pre>
 */
public final class Measured {

    private Measured() {
    }

    private static final AtomicLong LIVE = new AtomicLong();

    public static void main(String[] args) throws Exception {
        watchCollections();
        Path result = Path.of(args[0]);
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        long started = System.nanoTime();
        int status = switch (args[1]) {
            case "after-action" -> afterAction(rest);
            case "processor" -> processor(Path.of(rest[0]));
            default -> throw new IllegalArgumentException("after-action or processor, not " + args[1]);
        };
        long wall = System.nanoTime() - started;
        long cpu = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        Files.writeString(result, status + " " + cpu + " " + wall + " " + LIVE.get());
        System.exit(status);
    }

    /** After every collection, the heap's use (its pools' after the collection), the largest kept. */
    private static void watchCollections() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
                    long used = info.getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    LIVE.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }

    private static int afterAction(String[] args) throws Exception {
        CommandLine cli = AfterAction.commandLine();
        try (PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream("/dev/null"), StandardCharsets.UTF_8), false)) {
            cli.setOut(out);
            cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
            return cli.execute(args);
        }
    }

    private static int processor(Path settingsFile) throws Exception {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(settingsFile)) {
            settings.load(in);
        }
        String raw = settings.getProperty("topics.raw");
        String group = settings.getProperty("kafka.application.id");
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.getProperty("kafka.bootstrap.servers"));
        try (StreamProcessor processor = StreamProcessor.start(settings); Admin admin = Admin.create(client)) {
            if (!processor.awaitRunning(Duration.ofSeconds(120))) {
                return 70;
            }
            int partitions = admin.describeTopics(List.of(raw)).allTopicNames().get(30, TimeUnit.SECONDS).get(raw).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(raw, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                if (end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue())) {
                    return 0;
                }
                Thread.sleep(200);
            }
        }
    }
}
