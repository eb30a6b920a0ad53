package io.incidentfeeds.e2e.bench;

import io.incidentfeeds.e2e.ScenarioRun;
import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.localstack.StackSettings;
import io.incidentfeeds.localstack.component.KafkaBrokerComponent;
import io.incidentfeeds.localstack.tokens.DemoTokenFile;
import io.incidentfeeds.simulator.publish.AgencyPublishers;
import io.incidentfeeds.simulator.scenario.Agency;
import io.incidentfeeds.simulator.scenario.ScenarioConfig;
import io.incidentfeeds.simulator.scenario.ScenarioGenerator;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import io.incidentfeeds.simulator.scenario.SimulationLedger;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency, MQTT publish to WebSocket receipt, through the whole pipeline as the local
 * stack runs it (local-stack's {@link Stack}: every component in its own JVM except the embedded
 * MQTT broker, free ports, no simulator), with N consoles connected, at fixed publish rates; beside
 * it, bare Kafka's own producer-to-consumer latency on the same broker at the same rate, in the same
 * run. A main class, not a test: it asserts nothing. See docs/benchmarks/end-to-end.md.
 *
 * <p>Latency is from each edit's scheduled publish time, which is also its {@code timestamp} (the
 * field simulator's generator stamps message i with start + i / rate, and the benchmark publishes it
 * at that moment), carried by the pipeline as {@code reconciliation.event_time}, to the console's
 * receipt of the frame. A publisher that falls behind therefore counts against the pipeline, as it
 * would for a field unit (no coordinated omission).
 *
 * <p>With {@code --set kafka.secure=true} the stack's broker is on SASL_SSL with its ACLs, every
 * service signed in as its own principal; the benchmark's own Kafka clients (hop consumers, backlog,
 * accounting, the bare-Kafka baseline) then sign in as the admin over SASL_SSL too. With
 * {@code --set kafka.nodes=3} the broker is three nodes, every topic replicated to all three; the
 * benchmark's clients bootstrap from all of them, and "kafka"'s CPU is the three nodes' together.
 */
public final class EndToEndLatencyBenchmark {

    private static final PrintStream OUT = System.out;

    /** Everything one rate's phase measured. */
    record Phase(double rate, double measuredSeconds, Histogram pipeline, Histogram[] quarters, Histogram kafka, long published,
                 double publishedRate, long updatesInWindow, long deletes, List<String> backlog, Backlog.Sample backlogAtEnd,
                 Backlog.Sample backlogAtMid, double drainSeconds, boolean drained, long consolesClosed,
                 Map<String, Double> edgeDelta, Map<String, String> processes, String machine, String benchThreads,
                 String accounting, HopTimes.Split hops, Map<String, Double> cpuMicrosPerMessage) {

        boolean sustained() {
            return verdict().isEmpty();
        }

        /** Why this rate was not sustained; empty when it was. */
        String verdict() {
            List<String> why = new ArrayList<>();
            if (backlogAtEnd.total() > 2 * rate) {
                why.add("backlog at the end of the window " + backlogAtEnd.total() + " > 2 s of traffic");
            }
            if (backlogAtEnd.total() > backlogAtMid.total() + rate) {
                why.add("backlog grew over the window's second half (" + backlogAtMid.total() + " -> " + backlogAtEnd.total() + ")");
            }
            long early = quarters[1].getValueAtPercentile(99);
            long late = quarters[3].getValueAtPercentile(99);
            if (late > 2 * early + 100_000) {
                why.add(String.format("p99 grew within the window (2nd quarter %.0f ms, 4th %.0f ms)", early / 1e3, late / 1e3));
            }
            if (consolesClosed > 0) {
                why.add(consolesClosed + " consoles closed by the edge");
            }
            if (!drained) {
                why.add("not drained after the run");
            }
            if (publishedRate < 0.95 * rate) {
                why.add(String.format("publishers reached only %.0f msg/s", publishedRate));
            }
            return String.join("; ", why);
        }
    }

    private final Options options;
    private final Stack stack;
    private final LatencyConsoles consoles;
    private final Backlog backlog;
    private final HopTimes hops;
    private final Properties kafkaClient;
    private int phaseNumber;

    private EndToEndLatencyBenchmark(Options options, Stack stack, LatencyConsoles consoles, Backlog backlog, HopTimes hops,
                                     Properties kafkaClient) {
        this.options = options;
        this.kafkaClient = kafkaClient;
        this.stack = stack;
        this.consoles = consoles;
        this.backlog = backlog;
        this.hops = hops;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path project = options.project();
        Map<String, String> settings = new HashMap<>();
        settings.put("data.dir", "e2e-tests/target/bench-" + System.currentTimeMillis());
        for (String port : new String[] {"kafka.port", "mqtt.port", "mqtt.tls.port", "connect.rest.port", "connect.metrics.port", "processor.http.port", "edge.port"}) {
            settings.put(port, "0");
        }
        settings.put("simulator.enabled", "false");
        settings.putAll(options.stackSettings);
        OUT.printf("End-to-end latency benchmark: %s%nmachine: %d cores, load average %s, %s%n", options, Runtime.getRuntime().availableProcessors(),
                ProcStats.loadAverage(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        long begin = System.nanoTime();
        try (Stack stack = new Stack(StackSettings.of(project, settings), OUT)) {
            stack.start();
            OUT.printf("stack ready in %.1f s%n", (System.nanoTime() - begin) / 1e9);
            Properties kafkaClient = kafkaClient(stack);
            OUT.printf("kafka: %s, %s%n", kafkaClient.getProperty("security.protocol", "PLAINTEXT"),
                    stack.component("kafka").address());
            try (LatencyConsoles consoles = new LatencyConsoles(); Backlog backlog = new Backlog(kafkaClient, stack.consoleUrl());
                 HopTimes hops = new HopTimes(kafkaClient)) {
                long connecting = System.nanoTime();
                consoles.connect(URI.create(stack.consoleUrl().replace("http", "ws") + "/ws"), tokens(stack, options), 100, Duration.ofMinutes(10));
                OUT.printf("%d consoles (%s) connected, authenticated and subscribed in %.1f s%n", options.consoles, options.mix,
                        (System.nanoTime() - connecting) / 1e9);
                new EndToEndLatencyBenchmark(options, stack, consoles, backlog, hops, kafkaClient).run();
            }
        }
    }

    /**
     * The benchmark's own Kafka client properties: bootstrap servers (every node's with
     * {@code kafka.nodes} above 1), and on a secured broker TLS and the admin's credential.
     */
    private static Properties kafkaClient(Stack stack) {
        return ((KafkaBrokerComponent) stack.component("kafka")).cluster().clientProperties();
    }

    private static List<String> tokens(Stack stack, Options options) {
        DemoTokenFile minter = new DemoTokenFile(stack.settings().jwtSecret(), Duration.ofHours(12));
        List<String> agencies = Agency.bayArea().stream().map(Agency::id).toList();
        Instant now = Instant.now();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < options.consoles; i++) {
            // "agencies": each Bay Area agency's dispatchers and the EOC in equal numbers; "eoc": every console sees everything.
            int kind = options.mix.equals("eoc") ? agencies.size() : i % (agencies.size() + 1);
            tokens.add(kind == agencies.size() ? minter.mint(DemoTokenFile.EOC_AGENCY, List.of("eoc"), now)
                    : minter.mint(agencies.get(kind), List.of("dispatcher"), now));
        }
        return tokens;
    }

    private void run() throws Exception {
        List<Phase> phases = new ArrayList<>();
        for (double rate : options.rates) {
            phases.add(phase(rate, options.duration));
            // After every rate, so that a run cut short still leaves its figures.
            report(phases);
        }
        if (options.search) {
            search(phases);
            report(phases);
        }
    }

    private void report(List<Phase> phases) throws Exception {
        OUT.println();
        OUT.println(table(phases));
        OUT.println(hopTable(phases));
        List<LatencyPlot.Point> points = phases.stream().filter(p -> p.measuredSeconds == options.duration.toSeconds())
                .sorted(java.util.Comparator.comparingDouble(Phase::rate))
                .map(p -> LatencyPlot.Point.of(p.rate, p.pipeline, p.kafka)).toList();
        Path png = options.project().resolve(options.plot);
        LatencyPlot.write(png, options.consoles + " consoles, " + options.duration.toSeconds() + " s per rate", points);
        OUT.println("plot: " + png);
    }

    /**
     * The highest rate sustained (see {@link Phase#verdict()}) for the search duration: bisects
     * between the highest rate sustained so far and the lowest that was not, to the nearest 100 msg/s.
     */
    private void search(List<Phase> phases) throws Exception {
        double sustained = phases.stream().filter(Phase::sustained).mapToDouble(Phase::rate).max().orElse(0);
        double low = sustained;
        double high = phases.stream().filter(p -> !p.sustained() && p.rate > sustained).mapToDouble(Phase::rate).min()
                .orElse(Math.max(200, sustained * 2));
        for (int step = 0; step < options.searchSteps && high - low > 100; step++) {
            double rate = Math.round((low + high) / 200) * 100;
            Phase phase = phase(rate, options.searchDuration);
            phases.add(phase);
            if (phase.sustained()) {
                low = Math.max(low, rate);
            } else {
                high = rate;
            }
        }
        OUT.printf("%nsustained-rate search (%d s per step): highest sustained %.0f msg/s, lowest not sustained %.0f msg/s%n",
                options.searchDuration.toSeconds(), low, high);
    }

    private Phase phase(double rate, Duration measure) throws Exception {
        int number = ++phaseNumber;
        OUT.printf("%n== phase %d: %.0f msg/s, warm-up %d s, measured %d s ==%n", number, rate, options.warmup.toSeconds(), measure.toSeconds());
        Histogram kafka = KafkaBaseline.run(kafkaClient, rate, Duration.ofSeconds(5), options.baselineDuration, 600);
        OUT.printf("bare Kafka: %s%n", summary(kafka));

        Instant start = Instant.now().plusSeconds(1);
        long t0 = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long fromMicros = LatencyConsoles.micros(start.plus(options.warmup));
        LatencyConsoles.Window window = new LatencyConsoles.Window(fromMicros, fromMicros + measure.toNanos() / 1_000);
        consoles.measure(window);
        ScenarioGenerator generator = new ScenarioGenerator(new ScenarioConfig(7000 + number, start, rate, options.incidents,
                0.10, 0.02, 0.02, 0.05, Agency.bayArea()));
        SimulationLedger ledger = new SimulationLedger();
        long total = (long) ((options.warmup.toSeconds() + measure.toSeconds()) * rate);
        long rawAtStart = backlog.rawEnd();

        Map<String, List<Long>> pids = ProcStats.components();
        Mark[] marks = new Mark[2];
        List<String> samples = new CopyOnWriteArrayList<>();
        Backlog.Sample[] backlogs = {new Backlog.Sample(0, 0, 0), new Backlog.Sample(0, 0, 0)};
        long warmupNanos = options.warmup.toNanos();
        long endNanos = warmupNanos + measure.toNanos();

        java.util.concurrent.atomic.AtomicLong dueAtMost = new java.util.concurrent.atomic.AtomicLong(total);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.schedule(() -> marks[0] = mark(pids), t0 + warmupNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        sampler.schedule(() -> marks[1] = mark(pids), t0 + endNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        long every = options.sampleEvery.toNanos();
        sampler.scheduleAtFixedRate(() -> {
            try {
                long elapsed = System.nanoTime() - t0;
                Backlog.Sample sample = backlog.sample(Math.min(dueAtMost.get(), (long) (elapsed / 1e9 * rate)), rawAtStart);
                samples.add(String.format("%.0fs %s", elapsed / 1e9, sample));
                if (elapsed <= warmupNanos + measure.toNanos() / 2) {
                    backlogs[0] = sample;
                }
                if (elapsed <= endNanos) {
                    backlogs[1] = sample;
                }
            } catch (Exception e) {
                samples.add("sample failed: " + e);
            }
        }, every, every, TimeUnit.NANOSECONDS);

        long closedBefore = consoles.closed();
        long deletesBefore = consoles.deletes.get();
        // Each set signs in every agency over its own connection, as the broker's accounts require.
        List<AgencyPublishers> publishers = new ArrayList<>();
        for (int k = 0; k < options.publishers; k++) {
            publishers.add(AgencyPublishers.perAgency(URI.create(stack.mqttUri()), "bench-units-" + number + "-" + k + "-" + System.nanoTime(),
                    stack.mqttCredentialsDir(), Agency.bayArea().stream().map(Agency::id).toList(), 1, options.inflight));
        }
        long lastPublished = t0;
        long sent = 0;
        try {
            // Publishing stops when the phase's time is up, not when every message is out: a pipeline that
            // holds the publishers back shows as a lower achieved rate, and a phase's wall time stays bounded.
            while (sent < total && System.nanoTime() - t0 < endNanos) {
                Schedule.awaitDue(t0, sent, rate);
                SimulatedMessage message = generator.next();
                // One publisher per MQTT topic keeps each agency's edits in the order a unit sends them.
                publishers.get(Math.floorMod(message.topic().hashCode(), publishers.size())).publish(message);
                ledger.record(message);
                sent++;
            }
            lastPublished = System.nanoTime();
            dueAtMost.set(sent);
            for (AgencyPublishers publisher : publishers) {
                publisher.drain(Duration.ofMinutes(5));
            }
        } finally {
            publishers.forEach(AgencyPublishers::close);
        }
        double publishedRate = sent / ((lastPublished - t0) / 1e9);
        long waitUntil = Math.max(System.nanoTime(), t0 + endNanos) + options.drain.toNanos();
        Backlog.Sample left;
        do {
            Thread.sleep(1_000);
            left = backlog.sample(sent, rawAtStart);
        } while ((left.total() > 0 || consoles.quietNanos() < TimeUnit.SECONDS.toNanos(3)) && System.nanoTime() < waitUntil);
        boolean drained = left.total() == 0 && consoles.quietNanos() >= TimeUnit.SECONDS.toNanos(3);
        double drainSeconds = (System.nanoTime() - Math.max(lastPublished, t0 + endNanos)) / 1e9;
        sampler.shutdownNow();
        sampler.awaitTermination(30, TimeUnit.SECONDS);
        consoles.measure(null);
        HopTimes.Split split = hops.split(window.receipts);

        double seconds = measure.toNanos() / 1e9;
        Mark from = marks[0];
        Mark to = marks[1];
        Map<String, String> processes = new LinkedHashMap<>();
        Map<String, Double> edgeDelta = new LinkedHashMap<>();
        Map<String, Double> cpuPerMessage = new LinkedHashMap<>();
        String machineLine = "?";
        String threads = "?";
        if (from != null && to != null) {
            to.cpu.forEach((name, end) -> {
                ProcStats.Sample begin = from.cpu.getOrDefault(name, end);
                processes.put(name, String.format("%.2f cores, RSS %d MB (peak %d MB)",
                        (end.ticks() - begin.ticks()) / ProcStats.TICKS_PER_SECOND / seconds, end.rssKb() / 1024, end.peakRssKb() / 1024));
                // Per raw record the processor committed in the window: what it did, whether or not it kept up.
                cpuPerMessage.put(name, (end.ticks() - begin.ticks()) / ProcStats.TICKS_PER_SECOND * 1e6
                        / Math.max(1, to.processorCommitted - from.processorCommitted));
            });
            machineLine = String.format("%.0f %% of all cores busy; load average %s at the start, %s at the end",
                    100.0 * (to.machine[0] - from.machine[0]) / Math.max(1, to.machine[1] - from.machine[1]), from.load, to.load);
            for (String meter : List.of("edge_messages_out_total{type=\"update\"}", "edge_updates_conflated_total", "edge_updates_dropped_total",
                    "edge_closes_total", "edge_closes_total{reason=\"slow_consumer\"}", "edge_sessions")) {
                double before = meter.equals("edge_sessions") ? 0 : from.edge.getOrDefault(meter, 0.0);
                edgeDelta.put(meter, to.edge.getOrDefault(meter, 0.0) - before);
            }
            threads = busiest(from.threads, to.threads, seconds);
        }
        String accounting = options.accounting ? accounting(ledger) : "(skipped: --accounting false)";
        long updates = from == null || to == null ? 0 : to.updates - from.updates;
        Phase phase = new Phase(rate, seconds, window.total(), window.quarters, kafka, sent, publishedRate, updates,
                consoles.deletes.get() - deletesBefore, samples, backlogs[1], backlogs[0], drainSeconds, drained, consoles.closed() - closedBefore,
                edgeDelta, processes, machineLine, threads, accounting, split, cpuPerMessage);
        print(phase);
        writeHistograms(phase);
        return phase;
    }

    /** What was measured at one edge of the window; the difference of two is the window's. */
    private record Mark(Map<String, ProcStats.Sample> cpu, long[] machine, String load, Map<String, Long> threads, long updates,
                        Map<String, Double> edge, long processorCommitted) {
    }

    private Mark mark(Map<String, List<Long>> pids) {
        Map<String, ProcStats.Sample> cpu = new LinkedHashMap<>();
        pids.forEach((name, group) -> cpu.put(name, ProcStats.sample(group)));
        return new Mark(cpu, ProcStats.machineTicks(), ProcStats.loadAverage(), ProcStats.threadGroups(), consoles.updates.get(),
                backlog.edgeMetrics(), backlog.processorCommitted());
    }

    /** The accounting line of a rate's run; a machine too loaded to read the topics in time must not cost the figures. */
    private String accounting(SimulationLedger ledger) {
        try {
            return PipelineAccounting.check(kafkaClient, PipelineAccounting.TopicNames.DEFAULTS, ScenarioRun.published(ledger),
                    Duration.ofMinutes(3)).line();
        } catch (RuntimeException e) {
            return "not checked: " + e.getMessage();
        }
    }

    private static String busiest(Map<String, Long> from, Map<String, Long> to, double seconds) {
        Map<String, Long> delta = new HashMap<>();
        to.forEach((name, ticks) -> delta.put(name, ticks - from.getOrDefault(name, 0L)));
        return delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / ProcStats.TICKS_PER_SECOND / seconds))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    private void print(Phase p) {
        OUT.printf("pipeline:   %s%n", summary(p.pipeline));
        OUT.printf("  p99 by quarter of the window: %s%n", Arrays.stream(p.quarters)
                .map(q -> String.format("%.0f ms", q.getValueAtPercentile(99) / 1e3)).toList());
        OUT.printf("  published %d (%.0f msg/s achieved); console updates in the window %d (%.0f/s over %d consoles), deletes %d%n",
                p.published, p.publishedRate, p.updatesInWindow, p.updatesInWindow / p.measuredSeconds, options.consoles, p.deletes);
        OUT.printf("  backlog (messages not yet at the edge) every %d s: %s%n", options.sampleEvery.toSeconds(), String.join(" | ", p.backlog));
        OUT.printf("  drain after publishing: %s in %.1f s; consoles closed by the edge: %d%n", p.drained ? "empty" : "NOT empty", p.drainSeconds,
                p.consolesClosed);
        OUT.printf("  edge meters over the window: %s%n", p.edgeDelta);
        p.processes.forEach((name, line) -> OUT.printf("  %-10s %s%n", name, line));
        OUT.printf("  CPU per raw record the processor committed (µs): %s; processor / kafka %.2f%n", p.cpuMicrosPerMessage.entrySet().stream()
                .map(e -> String.format("%s %.0f", e.getKey().split(" ")[0], e.getValue())).toList(),
                p.cpuMicrosPerMessage.getOrDefault("processor", 0.0) / Math.max(1e-9, p.cpuMicrosPerMessage.getOrDefault("kafka", 0.0)));
        for (int i = 0; i < HopTimes.Split.HOPS.size(); i++) {
            OUT.printf("  hop %-34s %s%n", HopTimes.Split.HOPS.get(i), summary(p.hops.all().get(i)));
        }
        OUT.printf("  hops: receipts no hop consumer saw: %d%n", p.hops.unmatched());
        OUT.printf("  bench JVM threads (cores): %s%n", p.benchThreads);
        OUT.printf("  machine: %s%n", p.machine);
        OUT.printf("  accounting: %s%n", p.accounting);
        OUT.printf("  sustained: %s%n", p.sustained() ? "yes" : "no: " + p.verdict());
    }

    private void writeHistograms(Phase p) throws Exception {
        Path dir = options.project().resolve("e2e-tests/target/bench-results");
        Files.createDirectories(dir);
        for (Map.Entry<String, Histogram> h : Map.of("pipeline", p.pipeline, "kafka", p.kafka).entrySet()) {
            try (PrintStream out = new PrintStream(dir.resolve(String.format("%s-%.0f.hgrm", h.getKey(), p.rate)).toFile())) {
                h.getValue().outputPercentileDistribution(out, 1000.0);
            }
        }
    }

    private String table(List<Phase> phases) {
        StringBuilder sb = new StringBuilder(String.format("| rate (msg/s) | measured | consoles | path | p50 | p99 | p99.9 | max | mean | sustained |%n"
                + "|---|---|---|---|---|---|---|---|---|---|%n"));
        for (Phase p : phases) {
            sb.append(row(p, "pipeline", p.pipeline, p.sustained() ? "yes" : "no"));
            sb.append(row(p, "bare Kafka", p.kafka, ""));
        }
        return sb.toString();
    }

    /** Each phase's console receipts divided into hops, with the processor's CPU per message. */
    private String hopTable(List<Phase> phases) {
        StringBuilder sb = new StringBuilder(String.format("| rate (msg/s) | consoles | hop | mean | p50 | p99 | processor CPU/msg |%n|---|---|---|---|---|---|---|%n"));
        for (Phase p : phases) {
            for (int i = 0; i < HopTimes.Split.HOPS.size(); i++) {
                Histogram h = p.hops.all().get(i);
                sb.append(String.format("| %,.0f | %d | %s | %s | %s | %s | %s |%n", p.rate, options.consoles, HopTimes.Split.HOPS.get(i),
                        ms((long) h.getMean()), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                        i < HopTimes.Split.HOPS.size() - 1 ? "" : String.format("%.0f µs", p.cpuMicrosPerMessage.getOrDefault("processor", 0.0))));
            }
        }
        return sb.toString();
    }

    private String row(Phase p, String path, Histogram h, String sustained) {
        return String.format("| %,.0f | %.0f s | %d | %s | %s | %s | %s | %s | %s | %s |%n", p.rate, p.measuredSeconds, options.consoles, path,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                ms((long) h.getMean()), sustained);
    }

    private static String summary(Histogram h) {
        return String.format("n=%d p50 %s, p99 %s, p99.9 %s, max %s, mean %s", h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), ms((long) h.getMean()));
    }

    private static String ms(long micros) {
        return micros < 10_000 ? String.format("%.1f ms", micros / 1e3) : String.format("%,.0f ms", micros / 1e3);
    }

    /** Command-line options, {@code --name value}; see the class comment and docs/benchmarks/end-to-end.md. */
    static final class Options {
        int consoles = 1000;
        String mix = "agencies";
        List<Double> rates = List.of(500.0, 2000.0, 5000.0);
        Duration duration = Duration.ofSeconds(60);
        Duration warmup = Duration.ofSeconds(10);
        Duration baselineDuration = Duration.ofSeconds(30);
        Duration drain = Duration.ofSeconds(120);
        Duration sampleEvery = Duration.ofSeconds(5);
        int incidents = 40;
        int publishers = 4;
        int inflight = 1000;
        boolean search;
        Duration searchDuration = Duration.ofMinutes(5);
        int searchSteps = 3;
        boolean accounting = true;
        String plot = "docs/benchmarks/end-to-end-latency.png";
        String projectDir;
        Map<String, String> stackSettings = new HashMap<>();
        private String line = "";

        static Options parse(String[] args) {
            Options o = new Options();
            o.line = String.join(" ", args);
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--search")) {
                    o.search = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--consoles" -> o.consoles = Integer.parseInt(value);
                    case "--mix" -> o.mix = value;
                    case "--rates" -> o.rates = Arrays.stream(value.split(",")).map(Double::valueOf).toList();
                    case "--duration" -> o.duration = Duration.ofSeconds(Long.parseLong(value));
                    case "--warmup" -> o.warmup = Duration.ofSeconds(Long.parseLong(value));
                    case "--baseline-duration" -> o.baselineDuration = Duration.ofSeconds(Long.parseLong(value));
                    case "--drain" -> o.drain = Duration.ofSeconds(Long.parseLong(value));
                    case "--sample-every" -> o.sampleEvery = Duration.ofSeconds(Long.parseLong(value));
                    case "--incidents" -> o.incidents = Integer.parseInt(value);
                    case "--publishers" -> o.publishers = Integer.parseInt(value);
                    case "--inflight" -> o.inflight = Integer.parseInt(value);
                    case "--search-duration" -> o.searchDuration = Duration.ofSeconds(Long.parseLong(value));
                    case "--search-steps" -> o.searchSteps = Integer.parseInt(value);
                    case "--accounting" -> o.accounting = Boolean.parseBoolean(value);
                    case "--plot" -> o.plot = value;
                    case "--project" -> o.projectDir = value;
                    // A local-stack setting, e.g. --set edge.heap=1g (local-stack.defaults.properties lists them).
                    case "--set" -> o.stackSettings.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (!o.mix.equals("agencies") && !o.mix.equals("eoc")) {
                throw new IllegalArgumentException("--mix is agencies or eoc");
            }
            return o;
        }

        /** The project root: given, or found from the working directory (the root or e2e-tests, as exec:exec runs it). */
        Path project() {
            if (projectDir != null) {
                return Path.of(projectDir).toAbsolutePath().normalize();
            }
            Path here = Path.of("").toAbsolutePath();
            return Files.isDirectory(here.resolve("e2e-tests")) ? here : here.getParent();
        }

        @Override
        public String toString() {
            return line.isEmpty() ? "(defaults)" : line;
        }
    }
}
