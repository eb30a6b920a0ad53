package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.afteraction.replay.Picture;
import io.incidentfeeds.afteraction.replay.ProcessingSettings;
import io.incidentfeeds.afteraction.replay.RawEdits;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.testsupport.TopicContents;
import io.incidentfeeds.testsupport.WithKafka;
import io.incidentfeeds.testsupport.browser.BrowserDriver;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code report}: the page renders in headless Chromium from file:// with no request but its own file
 * (every request recorded through the DevTools protocol), and shows the scenario's incidents, agencies,
 * conflict and dead letters (each checked against the topics read independently); its version slider
 * steps through every version; the PNG decodes at its size with the geometry drawn where it is; the
 * Markdown has its sections; agency text with markup stays text; bad input gets its exit status.
 */
@WithKafka
class ReportTest {

    private static final Path ARTIFACTS = Path.of("target/report-browser");
    private static final Path DRIVER = Path.of("src/test/browser/report-driver.mjs");
    private static final int BACKGROUND = 0xF4F1EA;

    @Test
    void theReportOfAWindowOpensOfflineWithEveryIncidentAgencyConflictAndDeadLetter(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        Path out = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "report-window");
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("report", "--from", time(scenario.start.minusSeconds(60)),
                "--to", time(scenario.at(scenario.sent.size() + 6)), "--out", out.toString()));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("3 incidents").contains("wrote " + out.resolve("report.html"));

        // What the topics hold, read independently of the tool.
        List<ConsumerRecord<byte[], byte[]>> history = scenario.contents(scenario.topics.history());
        List<String> versions = history.stream().sorted(java.util.Comparator.comparingLong(ConsumerRecord<byte[], byte[]>::timestamp)
                        .thenComparing(r -> new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> ReconciledIncident.fromJson(r.value())).map(v -> v.id() + " v" + v.reconciliation().version()).toList();
        List<String> reasons = scenario.contents(scenario.topics.dlq()).stream()
                .map(r -> new String(r.headers().lastHeader(DlqHeaders.REASON).value(), StandardCharsets.UTF_8)).sorted().toList();
        assertThat(reasons).hasSize(2).contains("AGENCY_MISMATCH");

        String url = out.resolve("report.html").toUri().toString();
        try (BrowserDriver browser = BrowserDriver.launch(DRIVER, ARTIFACTS)) {
            browser.call("open", Map.of("url", url));
            JsonNode page = browser.call("content", Map.of());
            assertThat(page.get("h1").asString()).startsWith("After-action report: window ");
            assertThat(column(page, "incidents", 0)).containsExactly("INC-AAR-1", "INC-AAR-2", "INC-AAR-3");
            assertThat(column(page, "agencies", 0)).containsExactlyInAnyOrder("sffd", "smcfire", "oakfd", "calfire");
            assertThat(rows(page, "first-reports")).contains(List.of("INC-AAR-1", "sffd", time(scenario.at(0)), time(scenario.at(0)), "5", "1"),
                    List.of("INC-AAR-1", "smcfire", time(scenario.at(1)), time(scenario.at(1)), "2", "0"));
            List<List<String>> conflicts = rows(page, "conflicts");
            assertThat(conflicts).hasSize(1);
            assertThat(conflicts.get(0).subList(0, 3)).containsExactly(time(scenario.at(7)), "INC-AAR-1", "severity");
            assertThat(conflicts.get(0).get(4)).contains("sffd #3 at " + time(scenario.at(6)) + ": \"critical\"")
                    .contains("smcfire #2 at " + time(scenario.at(7)) + ": \"severe\"");
            assertThat(conflicts.get(0).get(5)).isEqualTo("kept smcfire #2's value \"severe\" (the latest timestamp, " + time(scenario.at(7)) + ")");
            assertThat(column(page, "dead-letters", 4).stream().sorted().toList()).isEqualTo(reasons);
            assertThat(rows(page, "dead-letters").get(0)).contains("incident/sffd/fire/telemetry");
            assertThat(page.get("lanes").valueStream().map(JsonNode::asString).toList()).containsExactly("INC-AAR-1", "INC-AAR-2", "INC-AAR-3");
            assertThat(page.get("conflictMarks").asInt()).isEqualTo(1);
            assertThat(page.get("steps").asInt()).isEqualTo(versions.size());
            assertThat(page.get("versionButtons").asInt()).isEqualTo(versions.size());

            // The slider, from the keyboard: step 0 is the first version alone; the last step shows the two incidents not deleted.
            JsonNode first = browser.call("keys", Map.of("keys", List.of("Home")));
            assertThat(first.get("label").asString()).startsWith("1/" + versions.size() + " ").contains(" " + versions.get(0) + " ");
            assertThat(first.get("drawn").asInt()).isEqualTo(1);
            int last = versions.size() - 1;
            assertThat(browser.call("keys", Map.of("keys", List.of("ArrowRight", "ArrowRight"))).get("label").asString())
                    .startsWith("3/" + versions.size() + " ").contains(" " + versions.get(2) + " ");
            JsonNode end = browser.call("keys", Map.of("keys", List.of("End")));
            assertThat(end.get("shown").valueStream().map(s -> s.get("incident").asString()).toList()).containsExactlyInAnyOrder("INC-AAR-1", "INC-AAR-2");
            assertThat(end.get("drawn").asInt()).isEqualTo(2);
            assertThat(browser.call("click", Map.of("selector", "#prev")).get("slider").asInt()).isEqualTo(last - 1);
            int polygon = versions.indexOf("INC-AAR-1 v2");
            JsonNode perimeter = browser.call("click", Map.of("selector", "#versions li[data-step=\"" + polygon + "\"] button"));
            assertThat(perimeter.get("label").asString()).contains(" INC-AAR-1 v2 ");
            assertThat(perimeter.get("shown").valueStream().map(s -> s.get("incident").asString() + " v" + s.get("version").asLong()).toList())
                    .containsExactlyInAnyOrder("INC-AAR-1 v2", "INC-AAR-2 v1");

            // Dragged to the Marin fire's second version: the three incidents on the map, as the README's screenshot shows them.
            JsonNode all = browser.call("slide", Map.of("step", versions.indexOf("INC-AAR-3 v2")));
            assertThat(all.get("shown").valueStream().map(s -> s.get("incident").asString() + " v" + s.get("version").asLong()).toList())
                    .containsExactlyInAnyOrder("INC-AAR-1 v4", "INC-AAR-2 v2", "INC-AAR-3 v2");
            assertThat(all.get("drawn").asInt()).isEqualTo(3);
            Path shot = Path.of(browser.call("screenshot", Map.of("name", "after-action-report", "fullPage", true)).asString());
            String docs = System.getProperty("after-action.screenshot");
            if (docs != null) { // the README's screenshot: -Dafter-action.screenshot=../docs/after-action-report.png
                Files.copy(shot, Path.of(docs), StandardCopyOption.REPLACE_EXISTING);
            }
            // Nothing but the page itself was requested (data: URLs are the inlined images), and nothing complained.
            List<String> requests = browser.call("requests", Map.of()).valueStream().map(JsonNode::asString).toList();
            assertThat(requests).contains(url);
            assertThat(requests).allSatisfy(r -> assertThat(r.equals(url) || r.startsWith("data:")).as(r).isTrue());
            assertThat(browser.call("problems", Map.of()).valueStream().map(JsonNode::asString).toList()).isEmpty();
        }

        // The PNG: its size, and the geometry drawn where the Markdown's extent puts it.
        String markdown = Files.readString(out.resolve("report.md"));
        BufferedImage png = ImageIO.read(out.resolve("map.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1200);
        assertThat(png.getHeight()).isEqualTo(800);
        double[] extent = extent(markdown);
        int[] medical = pixel(extent, -122.27, 37.80, png); // INC-AAR-2's point
        int[] fire = pixel(extent, -122.42, 37.77, png); // inside INC-AAR-1's polygon
        assertThat(png.getRGB(medical[0], medical[1]) & 0xFFFFFF).as("the medical call's point").isNotEqualTo(BACKGROUND);
        assertThat(png.getRGB(fire[0], fire[1]) & 0xFFFFFF).as("the fire's perimeter, filled").isNotEqualTo(BACKGROUND);
        assertThat(png.getRGB(fire[0], fire[1])).as("the fire's fill is not the point's colour").isNotEqualTo(png.getRGB(medical[0], medical[1]));

        // The Markdown: every section, in order, with the scenario's facts.
        int at = -1;
        for (String section : List.of("Summary", "Incidents", "Agencies and first reports", "Status changes", "Conflicts",
                "Dead-lettered submissions", "What was learned late", "Map")) {
            int next = markdown.indexOf("\n## " + section + "\n");
            assertThat(next).as(section).isGreaterThan(at);
            at = next;
        }
        assertThat(markdown).contains("| INC-AAR-1 | fire | 5 | contained |").contains("AGENCY\\_MISMATCH").contains("![The incidents' geometries](map.png)")
                .contains("kept smcfire #2's value \"severe\"");
    }

    @Test
    void asAnAgencyTheReportHoldsWhatTheAccessPolicyLetsItSee(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        Path out = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "report-as");
        ReviewScenario.Run run = ReviewScenario.run(scenario.command("report", "--from", time(scenario.start.minusSeconds(60)), "--as", "oakfd",
                "--out", out.toString()));
        assertThat(run.status()).as(run.err()).isZero();
        String markdown = Files.readString(out.resolve("report.md"));
        assertThat(markdown).startsWith("# After-action report: window ").contains(", as oakfd\n")
                .contains("| INC-AAR-2 | medical | 3 | resolved |").doesNotContain("INC-AAR-1").doesNotContain("INC-AAR-3")
                .doesNotContain("sffd").doesNotContain("calfire");
        assertThat(section(markdown, "Conflicts")).isEqualTo("None.");
        assertThat(section(markdown, "Dead-lettered submissions")).isEqualTo("None.");
        // An eoc role sees every agency's: the whole story again.
        ReviewScenario.Run eoc = ReviewScenario.run(scenario.command("report", "--from", time(scenario.start.minusSeconds(60)), "--as", "oakfd",
                "--role", "eoc", "--out", out.toString()));
        assertThat(eoc.status()).as(eoc.err()).isZero();
        assertThat(Files.readString(out.resolve("report.md"))).contains("| INC-AAR-1 |").contains("| INC-AAR-3 |").contains("AGENCY\\_MISMATCH");
    }

    /** The text of a Markdown section, without its heading. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n## " + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + 1);
        return markdown.substring(start + heading.length() + 5, end < 0 ? markdown.length() : end).strip();
    }

    @Test
    void whatWasLearnedLateAboutAnInstantForTheReportsIncidentOnly(KafkaBroker kafka) throws Exception {
        LateEdits story = LateEdits.shared(kafka);
        Path out = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "report-late");
        List<String> args = new ArrayList<>(List.of("report", "--incident", "INC-EVT-1", "--learned-late", story.at(6), "--out", out.toString()));
        args.addAll(topicsBeside(kafka, story.bootstrap, story.raw, null));
        ReviewScenario.Run run = ReviewScenario.run(args);
        assertThat(run.status()).as(run.err()).isZero();
        String markdown = Files.readString(out.resolve("report.md"));
        String rawPosition = story.raw + "/0/3";
        assertThat(markdown).contains("| INC-EVT-1 | changed | properties.status | \"active\" | \"contained\" | sffd stamped " + story.at(5)
                + ", appended " + story.at(21) + " (" + rawPosition + ") | 16 | 15 |");
        assertThat(markdown).contains("| INC-EVT-1 | changed | properties.severity | null | \"moderate\" | smcfire stamped " + story.at(10));
        assertThat(markdown).doesNotContain("INC-EVT-2").doesNotContain("INC-EVT-3");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<td>INC-EVT-1</td><td>changed</td><td>properties.status</td>");
    }

    @Test
    void agencyTextWithMarkupStaysTextInThePageAndTheSummary(KafkaBroker kafka) throws Exception {
        String raw = kafka.createTopic(KafkaBroker.uniqueName("raw-markup"), 1);
        String history = kafka.createTopic(KafkaBroker.uniqueName("history-markup"), 1);
        String hostile = "<script>window.__injected=1</script><img src=x onerror=\"window.__injected=2\">";
        Instant at = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        String mqttTopic = "incident/sffd/fire/telemetry";
        byte[] value = ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-122.42,37.77]},\"properties\":{"
                + "\"incident_id\":\"INC-XSS-1\",\"agency_id\":\"sffd\",\"status\":\"active\",\"note\":" + json(hostile) + ",\"timestamp\":\""
                + TelemetryCodec.formatTimestamp(at) + "\",\"sequence_number\":1,\"clock\":{\"sffd\":1}}}").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(MqttHeaders.TOPIC, mqttTopic.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(raw, 0, at.toEpochMilli(), RawRecordKey.of(mqttTopic, value).getBytes(StandardCharsets.UTF_8), value,
                    headers)).get();
            // Its version as the processor makes it: the processing core's own steps, through after-action's replay.
            ConsumerRecord<byte[], byte[]> sent = TopicContents.committed(kafka.bootstrapServers(), raw).get(0);
            byte[] version = new Picture().apply(new RawEdits(ProcessingSettings.DEFAULTS).process(sent).edit()).reconciled();
            producer.send(new ProducerRecord<>(history, 0, at.toEpochMilli(), "INC-XSS-1".getBytes(StandardCharsets.UTF_8), version)).get();
        }
        assertThat(ReconciledIncident.fromJson(TopicContents.committed(kafka.bootstrapServers(), history).get(0).value()).property("note"))
                .as("the property reached the version").isEqualTo(hostile);
        Path out = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "report-markup");
        List<String> args = new ArrayList<>(List.of("report", "--incident", "INC-XSS-1", "--out", out.toString()));
        args.addAll(topicsBeside(kafka, kafka.bootstrapServers(), raw, history));
        ReviewScenario.Run run = ReviewScenario.run(args);
        assertThat(run.status()).as(run.err()).isZero();

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).doesNotContain("<script>window.__injected").doesNotContain("<img src=x");
        String url = out.resolve("report.html").toUri().toString();
        try (BrowserDriver browser = BrowserDriver.launch(DRIVER, ARTIFACTS)) {
            browser.call("open", Map.of("url", url));
            JsonNode page = browser.call("content", Map.of());
            assertThat(page.get("injected").isNull()).as("no injected script ran").isTrue();
            assertThat(page.get("images").asInt()).isZero();
            assertThat(page.get("scripts").asInt()).as("the data, Leaflet and the report's own").isEqualTo(3);
            assertThat(rows(page, "incidents").get(0)).anySatisfy(cell -> assertThat(cell).contains("note=" + hostile));
            assertThat(browser.call("slide", Map.of("step", 0)).get("label").asString()).contains("INC-XSS-1 v1");
            List<String> requests = browser.call("requests", Map.of()).valueStream().map(JsonNode::asString).toList();
            assertThat(requests).allSatisfy(r -> assertThat(r.equals(url) || r.startsWith("data:")).as(r).isTrue());
            assertThat(browser.call("problems", Map.of()).valueStream().map(JsonNode::asString).toList()).isEmpty();
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("note=&lt;script&gt;window.\\_\\_injected=1&lt;/script&gt;")
                .doesNotContain("<script>");
    }

    @Test
    void badInputGetsItsExitStatus(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        Path out = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "report-bad");
        ReviewScenario.Run neither = ReviewScenario.run(scenario.command("report", "--out", out.toString()));
        assertThat(neither.status()).isEqualTo(2);
        assertThat(neither.err()).isEqualTo("after-action: give --incident, or a window with --from (and --to)\n");
        assertThat(ReviewScenario.run(scenario.command("report", "--incident", "INC-AAR-1")).status()).as("no --out").isEqualTo(2);
        assertThat(ReviewScenario.run(scenario.command("report", "--from", "-1h", "--to", "-2h", "--out", out.toString())).status()).isEqualTo(3);
        assertThat(ReviewScenario.run(scenario.command("report", "--incident", "INC-AAR-1", "--learned-late", "soon", "--out", out.toString()))
                .status()).isEqualTo(3);
        assertThat(ReviewScenario.run(scenario.command("report", "--from", "-1h", "--bbox", "1,2,3", "--out", out.toString())).status()).isEqualTo(2);
        assertThat(ReviewScenario.run(scenario.command("report", "--incident", "INC-AAR-1", "--conflicts-topic", "no-such-topic", "--out",
                out.toString())).status()).isEqualTo(4);
        Path file = Files.writeString(out.resolve("a-file"), "not a directory");
        ReviewScenario.Run notADirectory = ReviewScenario.run(scenario.command("report", "--incident", "INC-AAR-1", "--out", file.toString()));
        assertThat(notADirectory.status()).isEqualTo(2);
        assertThat(notADirectory.err()).startsWith("after-action: --out " + file + ": cannot make that directory");
        ReviewScenario.Run unreachable = ReviewScenario.run(List.of("report", "--incident", "INC-AAR-1", "--bootstrap", "127.0.0.1:1",
                "--timeout", "2", "--out", out.toString()));
        assertThat(unreachable.status()).isEqualTo(6);
        assertThat(out.resolve("report.html")).as("nothing written on a failure").doesNotExist();
    }

    /** The connection options for {@code raw} and {@code history} (null: a new, empty one) with new, empty dead-letter, reconciled and conflict topics. */
    private static List<String> topicsBeside(KafkaBroker kafka, String bootstrap, String raw, String history) {
        return List.of("--bootstrap", bootstrap, "--raw-topic", raw, "--dlq-topic", kafka.createTopic(KafkaBroker.uniqueName("dlq-empty"), 1),
                "--reconciled-topic", kafka.createTopic(KafkaBroker.uniqueName("reconciled-empty"), 1),
                "--history-topic", history != null ? history : kafka.createTopic(KafkaBroker.uniqueName("history-empty"), 1),
                "--conflicts-topic", kafka.createTopic(KafkaBroker.uniqueName("conflicts-empty"), 1));
    }

    /** The extent the Markdown gives for map.png. */
    private static double[] extent(String markdown) {
        Matcher m = Pattern.compile("extent \\(west,south,east,north\\) ([-0-9.]+),([-0-9.]+),([-0-9.]+),([-0-9.]+)").matcher(markdown);
        assertThat(m.find()).as("the map's extent in the Markdown").isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4))};
    }

    /**
     * Where a longitude and latitude land in the image: Web Mercator, the extent fitted (same scale on
     * both axes, centred) below a 40-pixel header, as the Markdown documents it.
     */
    private static int[] pixel(double[] extent, double lon, double lat, BufferedImage png) {
        double top = 40;
        double sx = png.getWidth() / Math.toRadians(extent[2] - extent[0]);
        double sy = (png.getHeight() - top) / (mercator(extent[3]) - mercator(extent[1]));
        double scale = Math.min(sx, sy);
        double x = png.getWidth() / 2.0 + (Math.toRadians(lon) - Math.toRadians((extent[0] + extent[2]) / 2)) * scale;
        double y = top + (png.getHeight() - top) / 2.0 - (mercator(lat) - (mercator(extent[1]) + mercator(extent[3])) / 2) * scale;
        return new int[] {(int) Math.round(x), (int) Math.round(y)};
    }

    private static double mercator(double lat) {
        return Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2));
    }

    private static List<List<String>> rows(JsonNode page, String table) {
        JsonNode rows = page.get("tables").get(table);
        assertThat(rows).as("table " + table + " (empty: " + page.get("empty") + ")").isNotNull();
        return rows.valueStream().map(r -> r.valueStream().map(JsonNode::asString).toList()).toList();
    }

    private static List<String> column(JsonNode page, String table, int column) {
        return rows(page, table).stream().map(r -> r.get(column)).toList();
    }

    private static String time(Instant t) {
        return TelemetryCodec.formatTimestamp(t);
    }

    private static String json(String s) {
        return io.incidentfeeds.schemas.json.ContractJson.mapper().writeValueAsString(s);
    }
}
