package io.incidentfeeds.edge.bench;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.auth.DemoTokens;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.testsupport.InJvmKafkaBroker;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load benchmark of one ws-edge (not a test): a Kafka broker and the load generator in this JVM,
 * the edge from its jar in a child JVM. N authenticated sessions, each subscribed to one of A
 * agencies; R reconciled updates a second written to incidents.reconciled for S seconds. Reports
 * delivery latency from each record's append time (LogAppendTime, from the producer's
 * acknowledgement) to its receipt by a console, p50/p99/p99.9, messages delivered a second, heap
 * per session, the edge's CPU, and whether every console ended with the last version of every
 * incident it may see (nothing lost).
 *
 * <pre>
 * mvn -B -ntp -q install -DskipTests -pl schemas,embedded-brokers,test-support,ws-edge
 * mvn -B -ntp -q exec:java -pl ws-edge -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.incidentfeeds.edge.bench.EdgeLoadBenchmark \
 *     -Dexec.args="--sessions 5000 --rate 2000 --seconds 60"
 * </pre>
 *
 * Options: --sessions N (5000), --agencies A (20), --incidents-per-agency I (20), --rate R (2000),
 * --seconds S (60), --warmup W (10), --edge-heap H (1g), --edge-jvm "JVM OPTIONS" (none, e.g. a flight
 * recording), --jar PATH (ws-edge/target/ws-edge.jar),
 * --results FILE (appends one Markdown table row),
 * --replays P (0): P consoles of role eoc each replaying, at max and over and over, a window of
 * --history V (20000) versions recorded in incidents.history an hour ago (ws-edge/REPLAY.md): the
 * live figures with and without them, in alternated runs, are the replay's cost to live consoles.
 */
public final class EdgeLoadBenchmark {

    private static final String SECRET = "benchmark-secret-of-at-least-thirty-two-bytes";
    /** How long consoles may take to catch up once writing stops. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);

    private final Map<String, String> options;
    private final int sessions;
    private final int agencies;
    private final int perAgency;
    private final int rate;
    private final int seconds;
    private final int warmup;
    private final int replays;
    private final LongAdder replayed = new LongAdder();
    private final Histogram latency = new ConcurrentHistogram(3_600_000L, 3);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder closedSessions = new LongAdder();
    /** Append time (ms) per incident key and version, from the producer's acknowledgements. */
    private final ConcurrentHashMap<Long, Long> appendTimes = new ConcurrentHashMap<>();
    private volatile long measureFromMs = Long.MAX_VALUE;
    private volatile long measureUntilMs = Long.MAX_VALUE;

    private EdgeLoadBenchmark(Map<String, String> options) {
        this.options = options;
        this.sessions = intOption("sessions", 5000);
        this.agencies = intOption("agencies", 20);
        this.perAgency = intOption("incidents-per-agency", 20);
        this.rate = intOption("rate", 2000);
        this.seconds = intOption("seconds", 60);
        this.warmup = intOption("warmup", 10);
        this.replays = intOption("replays", 0);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new EdgeLoadBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path jar = Path.of(options.getOrDefault("jar", "ws-edge/target/ws-edge.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            jar = Path.of("target/ws-edge.jar").toAbsolutePath();
        }
        try (InJvmKafkaBroker kafka = InJvmKafkaBroker.start()) {
            String topic = awaitWritable(kafka, kafka.createTopic("incidents.reconciled", 3,
                    Map.of("cleanup.policy", "compact", "message.timestamp.type", "LogAppendTime")), 3);
            long[][] versions = new long[agencies][perAgency];
            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                SendFailures failures = new SendFailures();
                for (int a = 0; a < agencies; a++) {
                    for (int i = 0; i < perAgency; i++) {
                        versions[a][i] = 1;
                        producer.send(record(topic, a, i, 1), failures);
                    }
                }
                producer.flush();
                failures.check(topic);
                Instant[] window = replays > 0 ? recordHistory(kafka, producer) : null;
                List<String> jvmArgs = options.containsKey("edge-jvm") ? List.of(options.get("edge-jvm").split(" ")) : List.of();
                try (EdgeProcess edge = EdgeProcess.start(jar, options.getOrDefault("edge-heap", "1g"), jvmArgs, List.of(
                        "--edge.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--edge.kafka.topic=" + topic,
                        "--edge.kafka.conflicts-topic=", "--edge.auth.hs256.secret=" + SECRET,
                        "--logging.level.io.incidentfeeds.edge.audit=WARN", "--edge.replay.max-per-edge=" + replays),
                        Path.of("target/bench/edge.log"))) {
                    edge.awaitReady(Duration.ofMinutes(2));
                    measure(edge, producer, topic, versions, window);
                }
            }
        }
    }

    /**
     * Writes the history the replays play: {@code --history} versions of the benchmark's incidents,
     * 10 ms apart, an hour ago, as the processor stamps them (each with its raw record's time).
     */
    private Instant[] recordHistory(KafkaBroker kafka, KafkaProducer<String, byte[]> producer) throws Exception {
        String history = awaitWritable(kafka, kafka.createTopic("incidents.history", 3), 3);
        int count = intOption("history", 20_000);
        Instant from = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        SendFailures failures = new SendFailures();
        for (int n = 0; n < count; n++) {
            int a = n % agencies;
            int i = (n / agencies) % perAgency;
            ProducerRecord<String, byte[]> r = record(history, a, i, 1 + n / (agencies * perAgency));
            producer.send(new ProducerRecord<>(history, null, from.toEpochMilli() + 10L * n, r.key(), r.value()), failures);
        }
        producer.flush();
        failures.check(history);
        return new Instant[] {from, from.plusMillis(10L * count)};
    }

    /**
     * Waits until the broker leads every partition of a topic just created, not only lists a leader.
     * Its metadata names the leader a moment before the partition is made leader; an idempotent
     * producer's first batch sent in that moment gets NOT_LEADER_OR_FOLLOWER, the batches in flight
     * behind it OUT_OF_ORDER_SEQUENCE_NUMBER, and the partition stays stuck in retries until
     * delivery.timeout.ms (two minutes) expires the first batches, which are lost. ListOffsets is
     * answered by the partition's leader only, so once it answers for every partition, writes go in.
     */
    private static String awaitWritable(KafkaBroker kafka, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> all = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            all.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = kafka.admin()) {
            admin.listOffsets(all).all().get(2, TimeUnit.MINUTES);
        }
        return topic;
    }

    /** Counts failed sends: the benchmark stops rather than measure on a topic that lost records. */
    private static final class SendFailures implements Callback {
        private final LongAdder failed = new LongAdder();
        private volatile Exception first;

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null) {
                failed.increment();
                first = first == null ? e : first;
            }
        }

        void check(String topic) {
            if (failed.sum() > 0) {
                throw new IllegalStateException(failed.sum() + " records not written to " + topic, first);
            }
        }
    }

    /** Starts the replay consoles and waits until each plays. */
    private List<ReplayConsole> startReplays(EdgeProcess edge, HttpClient client, DemoTokens tokens, Instant[] window)
            throws Exception {
        List<ReplayConsole> started = new ArrayList<>();
        for (int r = 0; r < replays; r++) {
            ReplayConsole c = new ReplayConsole(tokens.mint("replay-" + r, List.of("eoc"), Duration.ofHours(2)),
                    window[0], window[1], replayed);
            c.connect(client, edge.ws());
            started.add(c);
        }
        for (ReplayConsole c : started) {
            c.playing.get(5, TimeUnit.MINUTES);
        }
        return started;
    }

    private void measure(EdgeProcess edge, KafkaProducer<String, byte[]> producer, String topic, long[][] versions,
                         Instant[] window) throws Exception {
        double heapBefore = edge.heapAfterGc();
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(HttpClient.newBuilder().executor(clientThreads).build());
        }
        DemoTokens tokens = new DemoTokens(SECRET);
        List<LoadConsole> consoles = new ArrayList<>();
        LoadConsole.Sink sink = new LoadConsole.Sink() {
            @Override
            public void update(LoadConsole console, int index, long version, long receivedMs) {
                record(console, index, version, receivedMs);
            }

            @Override
            public void closed(LoadConsole console, int code) {
                closedSessions.increment();
            }
        };
        long connectStart = System.nanoTime();
        Semaphore inFlight = new Semaphore(200);
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            int a = s % agencies;
            LoadConsole c = new LoadConsole(tokens.mint(agency(a), List.of("dispatcher"), Duration.ofHours(2)), agency(a), a, perAgency, sink);
            consoles.add(c);
            inFlight.acquire();
            c.connect(clients.get(s % clients.size()), edge.ws());
            ready.add(c.subscribed.whenComplete((v, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        double heapAfter = edge.heapAfterGc();
        System.out.printf(Locale.ROOT, "%d sessions subscribed in %.1f s; heap %.1f MB -> %.1f MB%n",
                sessions, connectSeconds, heapBefore / 1e6, heapAfter / 1e6);
        // The replay consoles get a client and a thread of their own: the live consoles' threads measure live latency only.
        ExecutorService replayThread = Executors.newSingleThreadExecutor();
        List<ReplayConsole> replaying = window == null ? List.of()
                : startReplays(edge, HttpClient.newBuilder().executor(replayThread).build(), tokens, window);

        long start = System.currentTimeMillis();
        measureFromMs = start + warmup * 1000L;
        measureUntilMs = measureFromMs + seconds * 1000L;
        long deliveredAtStart = 0;
        long replayedAtStart = 0;
        double cpuAtStart = 0;
        double ownCpuAtStart = 0;
        long self = ProcessHandle.current().pid();
        long written = 0;
        boolean measuring = false;
        int next = 0;
        long tickNanos = 10_000_000L;
        long t0 = System.nanoTime();
        for (long tick = 0; System.currentTimeMillis() < measureUntilMs; tick++) {
            if (!measuring && System.currentTimeMillis() >= measureFromMs) {
                measuring = true;
                deliveredAtStart = delivered.sum();
                replayedAtStart = replayed.sum();
                cpuAtStart = edge.cpuSeconds();
                ownCpuAtStart = EdgeProcess.cpuSeconds(self);
            }
            long due = (tick + 1) * rate / 100;
            for (; written < due; written++) {
                int a = next % agencies;
                int i = (next / agencies) % perAgency;
                next++;
                long v = ++versions[a][i];
                long key = key(a, i, v);
                producer.send(record(topic, a, i, v), (meta, e) -> {
                    if (e == null) {
                        appendTimes.put(key, meta.timestamp());
                    }
                });
            }
            long sleep = t0 + (tick + 1) * tickNanos - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        double cpu = edge.cpuSeconds() - cpuAtStart;
        double ownCpu = EdgeProcess.cpuSeconds(self) - ownCpuAtStart;
        double load = EdgeProcess.loadAverage();
        long deliveredInWindow = delivered.sum() - deliveredAtStart;
        long replayedInWindow = replayed.sum() - replayedAtStart;
        replaying.forEach(ReplayConsole::close);
        replayThread.shutdownNow();
        producer.flush();
        // Nothing lost: once writing stops every console must come to hold the last version of
        // every incident of its agency (conflation may skip versions, never the last one).
        long drainStart = System.nanoTime();
        long stale = stale(consoles, versions);
        while (stale > 0 && System.nanoTime() - drainStart < DRAIN_LIMIT.toNanos()) {
            Thread.sleep(200);
            stale = stale(consoles, versions);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        long views = (long) sessions * perAgency;
        double conflated = edge.metric("edge_updates_conflated_total", "");
        double dropped = edge.metric("edge_updates_dropped_total", "");
        double closes = edge.metric("edge_closes_total", "");
        double lag = edge.metric("edge_consumer_lag", "");
        consoles.forEach(LoadConsole::close);
        clientThreads.shutdownNow();

        long updatesPerSession = (long) rate / agencies;
        String row = String.format(Locale.ROOT,
                "| %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.0f | %.1f | %.2f | %d/%d (%.1f s) | %.0f | %.0f | %.0f |",
                sessions, rate, deliveredInWindow / (double) seconds, ms(50), ms(99), ms(99.9), ms(100),
                (double) rate * sessions / agencies, (heapAfter - heapBefore) / sessions / 1024, cpu / seconds,
                stale, views, drainSeconds, conflated, dropped, closes);
        System.out.println();
        System.out.println("| sessions | updates/s | delivered msg/s | p50 ms | p99 ms | p99.9 ms | max ms | offered msg/s | heap KiB/session | edge CPU cores | stale views after drain (drain time) | conflated | dropped | closed |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.println(row);
        System.out.printf(Locale.ROOT, "(each session is offered %d updates/s; latency samples %d, without append time %d;"
                        + " load generator + broker CPU %.2f cores; machine load average %.1f on %d cores;"
                + " edge consumer lag after the drain %.0f records)%n",
                updatesPerSession, latency.getTotalCount(), unmatched.sum(), ownCpu / seconds, load,
                Runtime.getRuntime().availableProcessors(), lag);
        System.out.printf(Locale.ROOT, "(replays at max: %d, replayed versions delivered %.0f/s)%n",
                replays, replayedInWindow / (double) seconds);
        String results = options.get("results");
        if (results != null) {
            Files.writeString(Path.of(results), row + String.format(Locale.ROOT, " %.2f | %.1f | %.0f |%n", ownCpu / seconds, load, lag),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Incident views (console x incident of its agency) that do not hold the last version written. */
    private long stale(List<LoadConsole> consoles, long[][] versions) {
        long stale = 0;
        for (int s = 0; s < consoles.size(); s++) {
            LoadConsole c = consoles.get(s);
            long[] last = versions[c.agencyIndex];
            for (int i = 0; i < perAgency; i++) {
                if (c.versions[i] < last[i] && last[i] > 1) {
                    stale++;
                }
            }
        }
        return stale;
    }

    private void record(LoadConsole console, int index, long version, long receivedMs) {
        delivered.increment();
        if (receivedMs < measureFromMs || receivedMs > measureUntilMs) {
            return;
        }
        Long appended = appendTimes.get(key(console.agencyIndex, index, version));
        if (appended == null) {
            unmatched.increment();
            return;
        }
        latency.recordValue(Math.max(0, receivedMs - appended));
    }

    private double ms(double percentile) {
        return latency.getValueAtPercentile(percentile);
    }

    private static long key(int agency, int incident, long version) {
        return ((long) agency << 56) | ((long) incident << 40) | version;
    }

    private static String agency(int a) {
        return "agency-" + a;
    }

    private ProducerRecord<String, byte[]> record(String topic, int a, int i, long version) {
        ReconciledIncident incident = Incidents.incident("B-" + a + "-" + i, version,
                version == 1 ? DiffType.CREATE : DiffType.UPDATE, List.of(agency(a)), List.of("j-" + a),
                "fire", "moderate", -122.4 + i * 0.001, 37.7 + a * 0.001);
        return new ProducerRecord<>(topic, incident.id(), incident.toJson());
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p);
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }
}
