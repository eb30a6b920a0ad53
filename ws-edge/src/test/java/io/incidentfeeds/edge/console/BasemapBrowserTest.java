package io.incidentfeeds.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Readiness;
import io.incidentfeeds.testsupport.WithKafka;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The console's basemap in headless Chromium, with tiles from a tile server on loopback: the tiles
 * load under the outlines, are requested with the configured referrer policy (the page itself sends
 * no referrer), and the page's policy lets images in from that server's origin only.
 */
@WithKafka
class BasemapBrowserTest {

    private static final Path ARTIFACTS = Path.of("target/console-screenshots/basemap");

    /** A tile server: one 256 px PNG for any path; records each request's path and Referer. */
    private static final class TileServer implements AutoCloseable {
        final HttpServer server;
        final List<String[]> requests = new CopyOnWriteArrayList<>();

        TileServer(Color color) throws IOException {
            BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
            var g = image.createGraphics();
            g.setColor(color);
            g.fillRect(0, 0, 256, 256);
            g.dispose();
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            byte[] tile = png.toByteArray();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                requests.add(new String[] {exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Referer")});
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, tile.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(tile);
                }
            });
            server.start();
        }

        String origin() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void tilesLoadUnderTheOutlinesFromTheConfiguredOriginOnly(KafkaBroker kafka) throws Exception {
        String topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.reconciled"), 1, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(topic + ".conflicts", 1);
        try (TileServer tiles = new TileServer(new Color(0x9ec5e8));
             TileServer other = new TileServer(Color.RED)) {
            Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), topic);
            props.put("edge.basemap.url-template", tiles.origin() + "/tiles/{z}/{x}/{y}.png");
            props.put("edge.basemap.attribution", "Test tiles <b>not bold</b>");
            props.put("edge.basemap.max-zoom", "17");
            try (EdgeInstance edge = EdgeInstance.start(props); ConsoleBrowser browser = ConsoleBrowser.launch(ARTIFACTS)) {
                Readiness.await(edge);
                browser.call("open", Map.of("url", edge.http("/").toString()));
                JsonNode shown = browser.call("tiles", Map.of("count", 4, "timeoutMs", 15_000), Duration.ofSeconds(30));
                browser.call("screenshot", Map.of("name", "basemap"));

                assertThat(shown.path("tiles").valueStream().filter(t -> t.path("loaded").asBoolean()).count()).isGreaterThanOrEqualTo(4);
                assertThat(shown.path("tiles").valueStream().map(t -> t.path("src").asString()))
                        .allMatch(src -> src.startsWith(tiles.origin() + "/tiles/"));
                assertThat(shown.path("tiles").valueStream().map(t -> t.path("referrerPolicy").asString()))
                        .containsOnly("strict-origin-when-cross-origin");
                assertThat(shown.path("outlinePaneZ").asInt()).isGreaterThan(shown.path("tilePaneZ").asInt());
                assertThat(shown.path("attribution").asString()).contains("Test tiles <b>not bold</b>");
                // Cross-origin under strict-origin-when-cross-origin: the edge's origin, never the page's path.
                assertThat(tiles.requests).isNotEmpty();
                assertThat(tiles.requests).allSatisfy(r -> assertThat(r[1]).isEqualTo("http://127.0.0.1:" + edge.port() + "/"));
                assertThat(tiles.requests).allSatisfy(r -> assertThat(r[0]).matches("/tiles/\\d+/\\d+/\\d+\\.png"));
                // The policy: the configured origin loads, another does not (and is never asked).
                assertThat(browser.call("imageLoads", Map.of("url", tiles.origin() + "/tiles/0/0/0.png")).asBoolean()).isTrue();
                assertThat(browser.call("imageLoads", Map.of("url", other.origin() + "/tiles/0/0/0.png")).asBoolean()).isFalse();
                assertThat(other.requests).isEmpty();
            }
        }
    }
}
