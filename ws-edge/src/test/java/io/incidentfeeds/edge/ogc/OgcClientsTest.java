package io.incidentfeeds.edge.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * /ogc read by clients this project did not write: GDAL's OAPIF driver ({@code ogrinfo}, Debian
 * gdal-bin) and OWSLib's {@code Features} (Debian python3-owslib), both listed in
 * .ci/apt-packages. Agency "ogc-gis" has five incidents (two alerts), "ogc-other" one it must not see;
 * page sizes are smaller than the data so the clients have to follow next links.
 */
@WithKafka
@ExtendWith(SharedEdge.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcClientsTest {

    private static final String OGRINFO = System.getProperty("ogc.ogrinfo", "ogrinfo");
    private static final String PYTHON = System.getProperty("ogc.python", "/usr/bin/python3");
    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00Z");
    private static final List<String> GIS_INCIDENTS = List.of("OGCC-0", "OGCC-1", "OGCC-2", "OGCC-3", "OGCC-4");

    @BeforeAll
    void writeIncidents(SharedEdge.Edge edge) throws Exception {
        Incidents in = edge.incidents();
        String[] severities = {"minor", "severe", "moderate", "critical", "minor"};
        double[] lons = {-122.5, -122.4, -122.3, -122.2, -122.1};
        double[] lats = {37.70, 37.71, 37.72, 37.73, 37.74};
        for (int i = 0; i < GIS_INCIDENTS.size(); i++) {
            in.write(Incidents.at(Incidents.incident(GIS_INCIDENTS.get(i), 1, DiffType.CREATE, List.of("ogc-gis"), List.of("j-ogc-gis"),
                    "fire", severities[i], lons[i], lats[i]), T0.plusSeconds(600L * i)));
        }
        in.write(Incidents.incident("OGCC-OTHER", 1, DiffType.CREATE, List.of("ogc-other"), List.of("j-ogc-other"), "fire", "severe",
                -122.3, 37.72));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String items = edge.instance().http("/ogc/collections/incidents/items").toString();
        while (ContractJson.mapper().readTree(OgcApiTest.get(java.net.URI.create(items), Tokens.dispatcher("ogc-gis")).body())
                .path("numberMatched").asInt() < GIS_INCIDENTS.size()) {
            assertThat(System.nanoTime()).as("ogc-gis's incidents in the live view").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static String url(SharedEdge.Edge edge) {
        return "http://127.0.0.1:" + edge.instance().port() + "/ogc";
    }

    @Test
    void gdalListsTheCollections(SharedEdge.Edge edge) throws Exception {
        String out = ogrinfo(edge, Tokens.dispatcher("ogc-gis"), "-ro", "-q", "OAPIF:" + url(edge));
        assertThat(out).containsPattern("(?m)^1: incidents").containsPattern("(?m)^2: alerts");
    }

    @Test
    void gdalReadsEveryFeatureThroughNextLinks(SharedEdge.Edge edge) throws Exception {
        String out = ogrinfo(edge, Tokens.dispatcher("ogc-gis"), "--debug", "on", "-ro", "-oo", "PAGE_SIZE=2",
                "OAPIF:" + url(edge), "incidents");
        assertThat(featureIds(out)).containsExactlyElementsOf(GIS_INCIDENTS);
        assertThat(out).contains("Feature Count: 5");
        // Three pages: the first (GDAL fetches it twice, once to learn the fields), then two next links with
        // a cursor; the extent came from the collection (GDAL would scan every feature without one).
        assertThat(fetches(out).stream().filter(u -> u.contains("/collections/incidents/items")).distinct().toList())
                .hasSize(3)
                .satisfies(urls -> assertThat(urls.subList(1, 3)).allMatch(u -> u.contains("cursor=")));
        assertThat(out).containsPattern("Extent: \\(-122\\.50*, 37\\.70*\\) - \\(-122\\.10*, 37\\.740*\\)");
    }

    @Test
    void gdalPassesABboxAndOnlyAlertsAreAlerts(SharedEdge.Edge edge) throws Exception {
        String bbox = ogrinfo(edge, Tokens.dispatcher("ogc-gis"), "--debug", "on", "-ro", "-oo", "PAGE_SIZE=2",
                "-spat", "-122.45", "37.70", "-122.15", "37.80", "OAPIF:" + url(edge), "incidents");
        assertThat(featureIds(bbox)).containsExactly("OGCC-1", "OGCC-2", "OGCC-3");
        assertThat(fetches(bbox)).anyMatch(u -> u.contains("bbox="));
        String alerts = ogrinfo(edge, Tokens.dispatcher("ogc-gis"), "-ro", "OAPIF:" + url(edge), "alerts");
        assertThat(featureIds(alerts)).containsExactly("OGCC-1", "OGCC-3");
    }

    @Test
    void gdalWithoutAValidTokenGetsNothing(SharedEdge.Edge edge) throws Exception {
        Result none = run(List.of(OGRINFO, "-ro", "-so", "OAPIF:" + url(edge), "incidents"));
        assertThat(none.exit()).isNotZero();
        assertThat(none.out()).contains("401").doesNotContain("OGCC-");
        Result forged = run(List.of(OGRINFO, "--config", "GDAL_HTTP_HEADERS", "Authorization: Bearer " + Tokens.dispatcher("ogc-gis") + "x",
                "-ro", "OAPIF:" + url(edge), "incidents"));
        assertThat(forged.exit()).isNotZero();
        assertThat(forged.out()).contains("401").doesNotContain("OGCC-");
    }

    @Test
    void owslibReadsCollectionsPagesAndItems(SharedEdge.Edge edge, @TempDir Path dir) throws Exception {
        JsonNode out = owslib(edge, dir, Tokens.dispatcher("ogc-gis"), 2);
        assertThat(out.path("owslib").asString()).isNotEmpty();
        assertThat(strings(out.path("collections"))).containsExactly("incidents", "alerts");
        assertThat(strings(out.path("ids"))).containsExactlyElementsOf(GIS_INCIDENTS);
        assertThat(out.path("pages").asInt()).isEqualTo(3);
        assertThat(out.path("matched").asInt()).isEqualTo(5);
        assertThat(strings(out.path("bbox_ids"))).containsExactly("OGCC-1", "OGCC-2", "OGCC-3");
        assertThat(strings(out.path("datetime_ids"))).containsExactly("OGCC-1", "OGCC-2", "OGCC-3", "OGCC-4");
        assertThat(strings(out.path("alert_ids"))).containsExactly("OGCC-1", "OGCC-3");
        assertThat(out.path("item").asString()).isEqualTo("OGCC-0");
        assertThat(out.path("missing_error").asString()).contains("NotFound");
        assertThat(out.path("extent").path("temporal").path("interval").get(0).get(1).asString()).isEqualTo("2026-11-22T19:40:00Z");
    }

    /** In a process of its own: OWSLib keeps request headers module-wide, so a token set earlier would leak in. */
    @Test
    void owslibWithoutATokenReadsOnlyThePublicDocuments(SharedEdge.Edge edge, @TempDir Path dir) throws Exception {
        JsonNode out = owslib(edge, dir, "-", 0);
        assertThat(strings(out.path("links"))).contains("self", "service-desc", "conformance", "data");
        assertThat(strings(out.path("conformance"))).contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core");
        assertThat(out.path("collections_error").asString()).contains("AUTH_REQUIRED");
        assertThat(out.path("items_error").asString()).contains("AUTH_REQUIRED");
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    /** The ids GDAL printed: OAPIF maps a string feature id to the field "id". */
    private static List<String> featureIds(String ogrinfo) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*id \\(String\\) = (\\S+)$").matcher(ogrinfo);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The URLs GDAL fetched (its debug output). */
    private static List<String> fetches(String ogrinfo) {
        List<String> urls = new ArrayList<>();
        Matcher m = Pattern.compile("HTTP: Fetch\\((\\S+)\\)").matcher(ogrinfo);
        while (m.find()) {
            urls.add(m.group(1));
        }
        return urls;
    }

    private static String ogrinfo(SharedEdge.Edge edge, String token, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(OGRINFO, "--config", "GDAL_HTTP_HEADERS", "Authorization: Bearer " + token));
        command.addAll(List.of(args));
        Result r = run(command);
        assertThat(r.exit()).as("ogrinfo (Debian gdal-bin, in .ci/apt-packages): %s", r.out()).isZero();
        return r.out();
    }

    private static JsonNode owslib(SharedEdge.Edge edge, Path dir, String token, int pageSize) throws Exception {
        Path script = dir.resolve("owslib_client.py");
        try (InputStream in = OgcClientsTest.class.getResourceAsStream("/ogc/owslib_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        Result r = run(List.of(PYTHON, script.toString(), url(edge), token, String.valueOf(pageSize)));
        assertThat(r.exit()).as("OWSLib (Debian python3-owslib, in .ci/apt-packages): %s", r.out()).isZero();
        String[] lines = r.out().strip().split("\n");
        return ContractJson.mapper().readTree(lines[lines.length - 1]);
    }

    private record Result(int exit, String out) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("ogc-client", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().put("GDAL_HTTP_TIMEOUT", "30");
            Process p = pb.start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish within 90 s: " + Files.readString(output));
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
