package io.incidentfeeds.edge.bench;

import io.incidentfeeds.edge.bench.floor.FloorServer;
import io.incidentfeeds.edge.bench.floor.FrameTemplate;
import io.incidentfeeds.edge.fanout.Frames;
import io.incidentfeeds.schemas.auth.DemoTokens;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.InJvmKafkaBroker;
import io.incidentfeeds.testsupport.bench.ProcFs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Fan-out at the cost of a bare broadcast hub (benchmark, not a test): the edge, the reference bare
 * Node hub, the floors of two server stacks and the kernel floor, each in its own process, loaded one after the other
 * by the same Node consoles (offering permessage-deflate as browsers do, or not) with the same
 * update frame. Per server it prints its own CPU per delivered frame (from /proc/&lt;pid&gt;/stat
 * over the measured window, user and system time apart: on loopback the system time is the kernel's
 * TCP path, which no user-space design removes), the consoles' CPU per frame, latency p50/p99/p99.9 (send or write time
 * to receipt) and the ratio of its CPU per frame to the hub's measured in the same run. For the edge
 * it then stops the feed and checks that nothing was lost: every console holds the last version
 * written of every incident of its agency (within 60 s).
 *
 * <pre>
 * (cd ws-edge/src/test/bench/node &amp;&amp; npm ci)
 * mvn -B -ntp -q -pl ws-edge -am package dependency:build-classpath -DskipTests \
 *     -Dmdep.outputFile=$PWD/ws-edge/target/bench.cp -Dmdep.includeScope=test
 * java -cp "ws-edge/target/test-classes:ws-edge/target/classes:$(cat ws-edge/target/bench.cp)" \
 *     io.incidentfeeds.edge.bench.FanOutBenchmark --sessions 400 --rate 25 --groups 1
 * </pre>
 *
 * Options: --servers (hub,tomcat-text,tomcat-batched,tomcat-bytes,netty,netty-loop,netty-loop-epoll,kernel-floor,
 * kernel-floor-c: the same in C, built with gcc; edge),
 * --deflate offered (off,on),
 * --sessions N (400), --groups G (1: agencies; consoles of group g subscribe to agency g), --rate updates/s
 * in all, round robin over the groups (25), --seconds S measured (20), --warmup W (10), --runs R (1:
 * alternated, in the order given), --server-jvm "OPTIONS" (the Java servers', e.g. a flight recording),
 * --edge-heap (1g), --jar (ws-edge/target/ws-edge.jar), --results FILE (appends the rows), --plot FILE (a PNG
 * of the medians, user and system stacked), --console-processes K (1: the consoles split over K Node
 * processes, their CPU summed, their latencies merged), --idle N
 * (instead: the edge's heap and direct memory per idle subscribed session with N sessions).
 */
public final class FanOutBenchmark {

    private static final String SECRET = "benchmark-secret-of-at-least-thirty-two-bytes";
    private static final String HEADER = "| run | server | deflate offered (negotiated) | sessions | updates/s | offered frames/s | delivered frames/s"
            + " | server cores | server µs CPU / frame: user + system = total | ratio to hub | consoles µs CPU / frame: user + system"
            + " | p50 ms | p99 ms | p99.9 ms | max ms | load avg | nothing lost |";

    private final Map<String, String> options;
    private final int sessions;
    private final int groups;
    private final int rate;
    private final int seconds;
    private final int warmup;
    private final int consoleProcesses;
    private final Path work;
    private final Path nodeDir;
    private final Path template;
    private final Path tokens;
    private final List<String> rows = new ArrayList<>();
    private InJvmKafkaBroker kafka;
    private int topics;

    private FanOutBenchmark(Map<String, String> options) throws Exception {
        this.options = options;
        this.sessions = intOption("sessions", 400);
        this.groups = intOption("groups", 1);
        this.rate = intOption("rate", 25);
        this.seconds = intOption("seconds", 20);
        this.warmup = intOption("warmup", 10);
        this.consoleProcesses = intOption("console-processes", 1);
        if (sessions % (consoleProcesses * groups) != 0) {
            throw new IllegalArgumentException("--sessions must be a multiple of --console-processes x --groups");
        }
        this.work = Files.createTempDirectory("fanout-bench");
        this.nodeDir = firstExisting("ws-edge/src/test/bench/node", "src/test/bench/node");
        ConsoleFleet.requireInstalled(nodeDir);
        this.template = work.resolve("frame.json");
        String data = new String(EdgeFeed.incident(0, 0, 2).toJson(), StandardCharsets.UTF_8);
        String frame = Frames.update(Instant.now().toString(), Channel.INCIDENTS, DiffType.UPDATE, data,
                Frames.position("v1.0-1234.1-1234.2-1234"))
                .replaceFirst("\"event_time\":\"[^\"]*\"", "\"event_time\":\"" + FrameTemplate.PLACEHOLDER + "\"");
        Files.writeString(template, frame);
        this.tokens = work.resolve("tokens.json");
        DemoTokens demo = new DemoTokens(SECRET);
        Files.writeString(tokens, java.util.stream.IntStream.range(0, groups)
                .mapToObj(g -> "\"" + demo.mint(EdgeFeed.agency(g), List.of("dispatcher"), Duration.ofHours(4)) + "\"")
                .collect(Collectors.joining(",", "[", "]")));
        System.out.printf(Locale.ROOT, "frame: %d bytes (UTF-8); work files and logs in %s%n",
                frame.getBytes(StandardCharsets.UTF_8).length, work);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        FanOutBenchmark bench = new FanOutBenchmark(options);
        try {
            if (options.containsKey("idle")) {
                bench.idleMemory(Integer.parseInt(options.get("idle")));
            } else {
                bench.run();
            }
        } finally {
            if (bench.kafka != null) {
                bench.kafka.close();
            }
        }
        System.exit(0);
    }

    private void run() throws Exception {
        List<String> servers = List.of(options.getOrDefault("servers",
                "hub,tomcat-text,tomcat-batched,tomcat-bytes,netty,netty-loop,netty-loop-epoll,kernel-floor,edge").split(","));
        List<Boolean> deflates = Arrays.stream(options.getOrDefault("deflate", "off,on").split(",")).map("on"::equals).toList();
        int runs = intOption("runs", 1);
        Map<String, List<Cpu>> costs = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            for (boolean deflate : deflates) {
                double hub = Double.NaN;
                for (String server : servers) {
                    Cpu perFrame = measure(run, server, deflate, hub);
                    if (server.equals("hub")) {
                        hub = perFrame.total();
                    }
                    costs.computeIfAbsent(server + " | " + (deflate ? "on" : "off"), k -> new ArrayList<>()).add(perFrame);
                }
            }
        }
        System.out.println();
        System.out.println(HEADER);
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("| server | deflate offered | server µs CPU / frame, medians of " + runs
                + ": user | system | total | ratio of total medians to the hub's |");
        System.out.println("|---|---|---|---|---|---|");
        Map<String, double[]> medians = new LinkedHashMap<>();
        costs.forEach((key, values) -> medians.put(key, new double[] {median(values.stream().map(Cpu::user).toList()),
                median(values.stream().map(Cpu::system).toList()), median(values.stream().map(Cpu::total).toList())}));
        medians.forEach((key, m) -> {
            double[] hub = medians.get("hub | " + key.substring(key.indexOf("| ") + 2));
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.2f |%n", key, m[0], m[1], m[2], hub == null ? Double.NaN : m[2] / hub[2]);
        });
        String plot = options.get("plot");
        if (plot != null) {
            FanOutPlot.write(Path.of(plot), String.format(Locale.ROOT, "µs CPU per frame (server process), medians of %d runs: %d consoles x %d updates/s",
                    runs, sessions, rate), medians);
            System.out.println("plot: " + plot);
        }
    }

    /** One server at one setting: returns its CPU per frame (µs, user and system) and prints and keeps its row. */
    private Cpu measure(int run, String server, boolean deflate, double hubCost) throws Exception {
        String label = server + "-" + (deflate ? "deflate" : "plain") + "-" + run;
        System.out.printf(Locale.ROOT, "%s: starting%n", label);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            URI uri;
            long pid;
            Path serverLog = work.resolve(label + ".log");
            EdgeFeed feed = null;
            EdgeProcess edge = null;
            if (server.equals("edge")) {
                String topic = edgeTopic();
                feed = new EdgeFeed(kafka.bootstrapServers(), topic, groups);
                open.add(feed);
                feed.writeInitial();
                edge = startEdge(topic, label);
                open.add(0, edge);
                uri = edge.ws();
                pid = edge.pid();
            } else {
                ServerProcess p = ServerProcess.start(serverCommand(server, deflate), serverLog);
                open.add(p);
                p.awaitListening(Duration.ofMinutes(1));
                uri = p.ws();
                pid = p.pid();
            }
            List<ConsoleFleet> fleets = new ArrayList<>();
            for (int i = 0; i < consoleProcesses; i++) {
                ConsoleFleet fleet = ConsoleFleet.start(nodeDir, uri, sessions / consoleProcesses, groups, deflate,
                        edge != null ? tokens : null, work.resolve(label + "-consoles-" + i + ".log"));
                fleets.add(fleet);
                open.add(0, fleet);
            }
            long negotiated = 0;
            for (ConsoleFleet fleet : fleets) {
                String ready = fleet.awaitReady(Duration.ofMinutes(10));
                negotiated += Long.parseLong(ready.substring(ready.lastIndexOf(' ') + 1));
            }
            if (feed != null) {
                feed.start(rate);
            }
            Thread.sleep(warmup * 1000L);
            List<Long> consolePids = fleets.stream().map(ConsoleFleet::pid).toList();
            Cpu server0 = Cpu.of(List.of(pid));
            Cpu consoles0 = Cpu.of(consolePids);
            long t0 = System.nanoTime();
            for (ConsoleFleet fleet : fleets) {
                fleet.startWindow();
            }
            Thread.sleep(seconds * 1000L);
            Latencies latencies = new Latencies();
            for (ConsoleFleet fleet : fleets) {
                latencies.add(fleet.stopWindow());
            }
            double window = (System.nanoTime() - t0) / 1e9;
            Cpu serverCpu = Cpu.of(List.of(pid)).minus(server0);
            Cpu consolesCpu = Cpu.of(consolePids).minus(consoles0);
            double load = EdgeProcess.loadAverage();
            long frames = latencies.frames;
            Cpu perFrame = serverCpu.per(frames);
            Cpu consolesPerFrame = consolesCpu.per(frames);
            String lost = feed == null ? "-" : nothingLost(feed, fleets, label);
            String row = String.format(Locale.ROOT,
                    "| %d | %s | %s (%d) | %d | %d | %d | %.0f | %.2f | %.1f + %.1f = %.1f | %.2f | %.1f + %.1f | %.0f | %.0f | %.0f | %.0f | %.1f | %s |",
                    run, server, deflate ? "on" : "off", negotiated, sessions, rate, (long) rate * sessions / groups, frames / window,
                    serverCpu.total() / window, perFrame.user(), perFrame.system(), perFrame.total(), perFrame.total() / hubCost,
                    consolesPerFrame.user(), consolesPerFrame.system(), latencies.percentile(50), latencies.percentile(99),
                    latencies.percentile(99.9), latencies.percentile(100), load, lost);
            System.out.println(row + (latencies.closed > 0 ? " (" + latencies.closed + " consoles closed)" : ""));
            if (!server.equals("edge") && Files.exists(serverLog)) {
                Files.readAllLines(serverLog).stream().findFirst().ifPresent(line -> System.out.println("  " + label + " said: " + line));
            }
            rows.add(row);
            String results = options.get("results");
            if (results != null) {
                Files.writeString(Path.of(results), row + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return perFrame;
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    /**
     * After the window: stops the feed and waits (up to 60 s) until every console holds the last
     * version written of every incident of its agency. Says how long that took, or what was stale.
     */
    private String nothingLost(EdgeFeed feed, List<ConsoleFleet> fleets, String label) throws Exception {
        Map<String, Long> last = feed.stop();
        Path file = work.resolve(label + "-last-versions.json");
        Files.writeString(file, last.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}")));
        long t0 = System.nanoTime();
        long[] stale = {0, 0};
        do {
            stale = new long[] {0, 0};
            for (ConsoleFleet fleet : fleets) {
                long[] s = fleet.stale(file);
                stale[0] += s[0];
                stale[1] += s[1];
            }
            if (stale[0] == 0) {
                return String.format(Locale.ROOT, "yes (%.1f s)", (System.nanoTime() - t0) / 1e9);
            }
            Thread.sleep(500);
        } while (System.nanoTime() - t0 < 60_000_000_000L);
        return "NO: " + stale[0] + " consoles lack " + stale[1] + " last versions after 60 s";
    }

    /** The edge's heap and direct memory per idle session: N consoles subscribed, no updates. */
    private void idleMemory(int idle) throws Exception {
        String topic = edgeTopic();
        try (EdgeFeed feed = new EdgeFeed(kafka.bootstrapServers(), topic, groups)) {
            feed.writeInitial();
            try (EdgeProcess edge = startEdge(topic, "edge-idle")) {
                double heap0 = edge.heapAfterGc();
                double direct0 = edge.metric("jvm_buffer_memory_used_bytes", "id=\"direct\"");
                try (ConsoleFleet consoles = ConsoleFleet.start(nodeDir, edge.ws(), idle, groups, false, tokens,
                        work.resolve("edge-idle-consoles.log"))) {
                    System.out.println(consoles.awaitReady(Duration.ofMinutes(10)));
                    double heap = edge.heapAfterGc();
                    double direct = edge.metric("jvm_buffer_memory_used_bytes", "id=\"direct\"");
                    System.out.printf(Locale.ROOT,
                            "%d idle sessions: heap %.1f MB -> %.1f MB (%.1f KiB per session), direct %.1f MB -> %.1f MB (%.1f KiB per session)%n",
                            idle, heap0 / 1e6, heap / 1e6, (heap - heap0) / idle / 1024, direct0 / 1e6, direct / 1e6,
                            (direct - direct0) / idle / 1024);
                }
            }
        }
    }

    /** CPU seconds (or µs per frame) of processes, user and system apart ({@link ProcFs}). */
    record Cpu(double user, double system) {

        static Cpu of(List<Long> pids) {
            ProcFs.Cpu sum = ProcFs.Cpu.NONE;
            for (long pid : pids) {
                sum = sum.plus(ProcFs.cpu(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " has exited")));
            }
            return new Cpu(sum.userSeconds(), sum.systemSeconds());
        }

        Cpu minus(Cpu start) {
            return new Cpu(user - start.user, system - start.system);
        }

        /** µs per frame. */
        Cpu per(long frames) {
            return new Cpu(user / frames * 1e6, system / frames * 1e6);
        }

        double total() {
            return user + system;
        }
    }

    /** The consoles' window merged over their processes: frames, closed consoles and a latency histogram (ms). */
    private static final class Latencies {
        private final java.util.TreeMap<Long, Long> counts = new java.util.TreeMap<>();
        private long frames;
        private long samples;
        private int closed;

        void add(JsonNode result) {
            frames += result.get("frames").asLong();
            closed += result.get("closed").asInt();
            result.get("histogram").properties().forEach(e -> {
                counts.merge(Long.parseLong(e.getKey()), e.getValue().asLong(), Long::sum);
                samples += e.getValue().asLong();
            });
        }

        double percentile(double p) {
            long rank = Math.max(1, (long) Math.ceil(p / 100 * samples));
            long seen = 0;
            for (Map.Entry<Long, Long> e : counts.entrySet()) {
                seen += e.getValue();
                if (seen >= rank) {
                    return e.getKey();
                }
            }
            return Double.NaN;
        }
    }

    private String edgeTopic() {
        if (kafka == null) {
            kafka = InJvmKafkaBroker.start();
        }
        return kafka.createTopic("incidents.reconciled." + (++topics), 3,
                Map.of("cleanup.policy", "compact", "message.timestamp.type", "LogAppendTime"));
    }

    private EdgeProcess startEdge(String topic, String label) throws Exception {
        Path jar = firstExisting(options.getOrDefault("jar", "ws-edge/target/ws-edge.jar"), "target/ws-edge.jar");
        EdgeProcess edge = EdgeProcess.start(jar, options.getOrDefault("edge-heap", "1g"), serverJvm(), List.of(
                "--edge.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--edge.kafka.topic=" + topic,
                "--edge.kafka.conflicts-topic=", "--edge.auth.hs256.secret=" + SECRET,
                "--edge.auth.timeout=60s", // 400 handshakes at once on a loaded machine
                "--logging.level.io.incidentfeeds.edge.audit=WARN"), work.resolve(label + ".log"));
        try {
            edge.awaitReady(Duration.ofMinutes(5)); // a loaded shared machine starts it slowly
        } catch (Exception e) {
            edge.close();
            throw e;
        }
        return edge;
    }

    private List<String> serverCommand(String server, boolean deflate) throws Exception {
        String common = "--template " + template + " --groups " + groups + " --rate " + rate;
        if (server.equals("hub") || server.equals("kernel-floor-c")) {
            List<String> cmd = new ArrayList<>(server.equals("hub") ? List.of("node", nodeDir.resolve("bare-hub.js").toString())
                    : List.of(kernelFloorC().toString()));
            cmd.addAll(List.of(common.split(" ")));
            return cmd;
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + options.getOrDefault("edge-heap", "1g"), "-Xmx" + options.getOrDefault("edge-heap", "1g"), "-XX:+UseG1GC"));
        cmd.addAll(serverJvm());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FloorServer.class.getName(), "--stack", server,
                "--compress", deflate ? "on" : "off"));
        cmd.addAll(List.of(common.split(" ")));
        return cmd;
    }

    /** The C kernel floor (src/test/bench/floor/kernel-floor.c), built with gcc into the work directory once. */
    private Path kernelFloorC() throws Exception {
        Path binary = work.resolve("kernel-floor");
        if (!Files.exists(binary)) {
            Path source = nodeDir.resolveSibling("floor").resolve("kernel-floor.c");
            Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString(), "-lcrypto")
                    .redirectErrorStream(true).redirectOutput(work.resolve("gcc.log").toFile()).start();
            if (gcc.waitFor() != 0) {
                throw new IllegalStateException("gcc failed to build " + source + " (needs gcc and libssl-dev): see " + work.resolve("gcc.log"));
            }
        }
        return binary;
    }

    private List<String> serverJvm() {
        String jvm = options.getOrDefault("server-jvm", "").strip();
        return jvm.isEmpty() ? List.of() : List.of(jvm.split(" "));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Path firstExisting(String... candidates) {
        for (String c : candidates) {
            if (Files.exists(Path.of(c))) {
                return Path.of(c).toAbsolutePath();
            }
        }
        return Path.of(candidates[0]).toAbsolutePath();
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }
}
