package io.incidentfeeds.edge.console;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.Readiness;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * The console under load, not a pass/fail test (its name keeps it out of {@code mvn verify}): a real
 * edge and broker with 5,000 live incidents and 200 updates a second, the console in headless
 * Chromium, and the page's own measurements (PerformanceObserver long tasks, requestAnimationFrame
 * frame intervals, Event Timing, input-to-paint of keyboard use) while an operator scrolls, walks
 * the list, re-sorts and zooms. Results: target/console-benchmark.json; see docs/benchmarks/console.md.
 *
 * <pre>mvn -B -ntp -pl ws-edge test -Dtest=ConsoleBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 *     [-Dconsole.bench.incidents=5000 -Dconsole.bench.rate=200 -Dconsole.bench.seconds=30]</pre>
 */
@WithKafka
class ConsoleBenchmark {

    private static final int INCIDENTS = Integer.getInteger("console.bench.incidents", 5000);
    private static final int RATE = Integer.getInteger("console.bench.rate", 200);
    private static final int SECONDS = Integer.getInteger("console.bench.seconds", 30);
    private static final boolean PROFILE = Boolean.getBoolean("console.bench.profile");
    private static final List<String> AGENCIES = List.of("alpha", "bravo", "charlie", "delta", "echo");
    private static final List<String> TYPES = List.of("fire", "medical", "hazmat", "traffic", "flood");
    private static final List<String> STATUS = List.of("active", "active", "active", "contained", "resolved");
    private static final List<String> SEVERITY = List.of("minor", "moderate", "moderate", "severe", "critical");

    @Test
    void fiveThousandIncidentsAndTwoHundredUpdatesASecond(KafkaBroker kafka) throws Exception {
        String topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.reconciled"), 3, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(topic + ".conflicts", 3);
        SplittableRandom random = new SplittableRandom(42);
        long[] versions = new long[INCIDENTS];
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        Map<String, Object> result = new LinkedHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < INCIDENTS; i++) {
                versions[i] = 1;
                producer.send(new ProducerRecord<>(topic, id(i), incident(i, 1, DiffType.CREATE, random).toJson()));
            }
            producer.flush();
            Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), topic);
            try (EdgeInstance edge = EdgeInstance.start(props);
                 ConsoleBrowser browser = ConsoleBrowser.launch(Path.of("target/console-benchmark"))) {
                Readiness.await(edge);
                browser.call("open", Map.of("url", edge.http("/").toString()));
                browser.call("signIn", Map.of("token", Tokens.of("oes", "eoc")));
                long snapshotMs = browser.call("waitDrawn", Map.of("count", INCIDENTS, "timeoutMs", 120_000),
                        Duration.ofMinutes(3)).asLong();
                result.put("snapshotToAllDrawnMs", snapshotMs);
                Thread.sleep(1_000); // the alerts panel redraws at most twice a second
                browser.call("screenshot", Map.of("name", "overview"));

                // Idle baseline, then the same under the update stream.
                browser.call("perfStart", Map.of());
                browser.call("interact", Map.of("rounds", 3), Duration.ofMinutes(1));
                result.put("idle", browser.call("perfStop", Map.of()));

                AtomicLong sent = new AtomicLong();
                ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
                int perTick = Math.max(1, RATE / 20);
                load.scheduleAtFixedRate(() -> {
                    for (int k = 0; k < perTick; k++) {
                        int i = random.nextInt(INCIDENTS);
                        versions[i]++;
                        producer.send(new ProducerRecord<>(topic, id(i), incident(i, versions[i], DiffType.UPDATE, random).toJson()));
                        sent.incrementAndGet();
                    }
                }, 0, 50, TimeUnit.MILLISECONDS);
                try {
                    Thread.sleep(2_000);
                    // The feed alone, nobody touching the page: what the updates themselves cost.
                    // Chromium's timeline gives the main thread's CPU time as well as wall time: on a
                    // shared, busy machine the CPU time is the figure that compares between runs.
                    browser.call("perfStart", Map.of());
                    result.put("timelineNoInput", browser.call("trace", Map.of("ms", 10_000, "top", 14), Duration.ofMinutes(1)));
                    result.put("underLoadNoInput", browser.call("perfStop", Map.of()));
                    if (PROFILE) {
                        result.put("cpuProfileTop", browser.call("cpuProfile", Map.of("ms", 5_000, "top", 30), Duration.ofMinutes(1)));
                    }
                    // The feed while an operator works the page.
                    browser.call("perfStart", Map.of());
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
                    List<Long> inputToPaint = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        browser.call("interact", Map.of("rounds", 1), Duration.ofMinutes(1)).forEach(n -> inputToPaint.add(n.asLong()));
                    }
                    JsonNode loaded = browser.call("perfStop", Map.of());
                    result.put("underLoadWithInput", loaded);
                    inputToPaint.sort(null);
                    result.put("keyboardInputToPaintMs", Map.of(
                            "p50", inputToPaint.get(inputToPaint.size() / 2),
                            "p95", inputToPaint.get((int) (inputToPaint.size() * 0.95)),
                            "max", inputToPaint.get(inputToPaint.size() - 1),
                            "samples", inputToPaint.size()));
                } finally {
                    load.shutdownNow();
                }
                result.put("updatesSent", sent.get());
                // The machine is shared: say how busy it was, or the figures mean little.
                result.put("settings", Map.of("incidents", INCIDENTS, "ratePerSecond", RATE, "seconds", SECONDS,
                        "cores", Runtime.getRuntime().availableProcessors(),
                        "loadAverage1m", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
                browser.call("screenshot", Map.of("name", "under-load"));
            }
        }
        String json = ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        Files.writeString(Path.of("target/console-benchmark.json"), json);
        System.out.println("console benchmark:\n" + json);
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "BENCH-%05d", i);
    }

    /** Spread over the Bay Area demo jurisdictions; one in ten a small polygon. */
    private static ReconciledIncident incident(int i, long version, DiffType diff, SplittableRandom random) {
        SplittableRandom place = new SplittableRandom(i);
        double lon = -122.55 + place.nextDouble() * 0.75 + random.nextDouble(-0.002, 0.002) * Math.min(version - 1, 1);
        double lat = 37.25 + place.nextDouble() * 0.8 + random.nextDouble(-0.002, 0.002) * Math.min(version - 1, 1);
        String agency = AGENCIES.get(i % AGENCIES.size());
        String type = TYPES.get(place.nextInt(TYPES.size()));
        ReconciledIncident base = Incidents.incident(id(i), version, diff, List.of(agency), List.of("j-" + agency),
                type, SEVERITY.get(random.nextInt(SEVERITY.size())), lon, lat);
        TreeMap<String, JsonNode> props = new TreeMap<>(base.properties());
        props.put("status", StringNode.valueOf(STATUS.get(random.nextInt(STATUS.size()))));
        props.put("title", StringNode.valueOf(Character.toUpperCase(type.charAt(0)) + type.substring(1) + " " + i));
        if (i % 10 != 0) {
            return new ReconciledIncident(base.id(), base.bbox(), base.geometry(), props, base.reconciliation());
        }
        double d = 0.004;
        JsonNode polygon = ContractJson.mapper().readTree(String.format(Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%1$s,%2$s],[%3$s,%2$s],[%3$s,%4$s],[%1$s,%4$s],[%1$s,%2$s]]]}",
                lon - d, lat - d, lon + d, lat + d));
        return new ReconciledIncident(base.id(), new double[] {lon - d, lat - d, lon + d, lat + d}, polygon, props,
                base.reconciliation());
    }
}
