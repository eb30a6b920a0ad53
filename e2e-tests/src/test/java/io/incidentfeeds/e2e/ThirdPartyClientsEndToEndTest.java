package io.incidentfeeds.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.localstack.tokens.DemoTokenFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Clients the project did not write: Debian's {@code mosquitto_pub} publishes the contract's seed
 * example to the MQTT port, and a plain WebSocket client (the JDK's, speaking the documented JSON
 * protocol by hand) sees it arrive at the edge as a {@code create} update.
 */
@ExtendWith(SharedPipeline.class)
class ThirdPartyClientsEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void mosquittoPubPublishesTheSeedExampleAndAWebSocketClientSeesItCreated(Stack pipeline) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")), "mosquitto-clients is installed (.ci/apt-packages)");
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        String token = new DemoTokenFile(pipeline.settings().jwtSecret(), Duration.ofHours(1)).mint("sffd", List.of("dispatcher"), Instant.now());
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(pipeline.consoleUrl().replace("http", "ws") + "/ws"), new Collector(received, new StringBuilder()))
                .get(20, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).get(5, TimeUnit.SECONDS);
        awaitType(received, "auth.success");
        socket.sendText("{\"type\":\"subscribe\",\"channel\":\"incidents\",\"filters\":{\"agencies\":[\"sffd\"]}}", true).get(5, TimeUnit.SECONDS);
        awaitType(received, "snapshot");

        // The seed example as the contract prints it, stamped now (the processor refuses week-old edits).
        ObjectNode seed = (ObjectNode) JSON.readTree(Path.of("../schemas/src/main/resources/examples/telemetry/valid/seed.json").toFile());
        ((ObjectNode) seed.get("properties")).put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Path payload = Files.createTempFile("seed", ".json");
        JSON.writeValue(payload.toFile(), seed);
        URI mqtt = URI.create(pipeline.mqttUri());
        // Signed in as the agency, with the password the stack wrote to its owner-only file.
        String password = Files.readString(pipeline.mqttCredentialsDir().resolve("sffd.password")).trim();
        Process pub = new ProcessBuilder("mosquitto_pub", "-h", mqtt.getHost(), "-p", Integer.toString(mqtt.getPort()), "-q", "1",
                "-V", "mqttv5", "-u", "sffd", "-P", password, "-t", "incident/sffd/fire/telemetry", "-f", payload.toString())
                .inheritIO().start();
        assertThat(pub.waitFor(30, TimeUnit.SECONDS) && pub.exitValue() == 0).as("mosquitto_pub succeeded").isTrue();

        JsonNode update = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (update == null && System.nanoTime() < deadline) {
            JsonNode message = received.poll(1, TimeUnit.SECONDS);
            if (message != null && message.path("type").asString().equals("update")
                    && message.path("data").path("id").asString().equals("INC-2026-0001")) {
                update = message;
            }
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        assertThat(update).as("an update for INC-2026-0001").isNotNull();
        assertThat(update.path("diff_type").asString()).isEqualTo("create");
        assertThat(update.path("data").path("properties").path("status").asString()).isEqualTo("active");
        assertThat(update.path("data").path("reconciliation").path("jurisdictions").toString()).contains("sf-county");
    }

    private static void awaitType(BlockingQueue<JsonNode> received, String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = received.poll(1, TimeUnit.SECONDS);
            if (message != null && message.path("type").asString().equals(type)) {
                return;
            }
        }
        throw new AssertionError("no " + type + " message within 30 s");
    }

    /** Collects whole text messages as JSON. */
    private record Collector(BlockingQueue<JsonNode> into, StringBuilder partial) implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            synchronized (partial) {
                partial.append(data);
                if (last) {
                    into.add(JSON.readTree(partial.toString()));
                    partial.setLength(0);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
