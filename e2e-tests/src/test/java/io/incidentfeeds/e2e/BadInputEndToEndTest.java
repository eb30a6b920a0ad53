package io.incidentfeeds.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.localstack.tokens.DemoTokenFile;
import io.incidentfeeds.testsupport.TopicContents;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile and broken input from outside, over MQTT and over the WebSocket: random bytes,
 * truncated JSON, huge strings, deep nesting, wrong types. Nothing crashes, every MQTT message
 * ends up dead-lettered (none silently dropped), and every bad WebSocket frame gets an error code
 * while the session stays usable.
 */
@ExtendWith(SharedPipeline.class)
class BadInputEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Payloads no agency should send; each must be dead-lettered. */
    static List<byte[]> hostilePayloads(long seed) {
        Random random = new Random(seed);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] noise = new byte[1 + random.nextInt(2000)];
            random.nextBytes(noise);
            payloads.add(noise);
        }
        String seedJson = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-122.4194,37.7749]},"
                + "\"properties\":{\"incident_id\":\"FUZZ-1\",\"agency_id\":\"sffd\",\"status\":\"active\","
                + "\"timestamp\":\"" + Instant.now() + "\",\"sequence_number\":1}}";
        for (int cut : new int[] {1, 17, seedJson.length() / 2, seedJson.length() - 1}) {
            payloads.add(seedJson.substring(0, cut).getBytes(StandardCharsets.UTF_8));
        }
        payloads.add(("{\"type\":\"Feature\",\"properties\":{\"description\":\"" + "x".repeat(300_000) + "\"}}").getBytes(StandardCharsets.UTF_8));
        payloads.add(("[".repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
        payloads.add(("{\"n\":1" + "0".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8));
        payloads.add(seedJson.replace("\"sequence_number\":1", "\"sequence_number\":\"one\"").getBytes(StandardCharsets.UTF_8));
        payloads.add(seedJson.replace("\"coordinates\":[-122.4194,37.7749]", "\"coordinates\":\"here\"").getBytes(StandardCharsets.UTF_8));
        payloads.add(new byte[0]);
        return payloads;
    }

    @Test
    void everyHostileMqttMessageIsDeadLetteredAndThePipelineKeepsWorking(Stack pipeline) throws Exception {
        List<byte[]> payloads = hostilePayloads(77);
        int dlqBefore = TopicContents.committed(pipeline.bootstrapServers(), "incidents.dlq", Duration.ofSeconds(10)).size();
        URI mqtt = URI.create(pipeline.mqttUri());
        MqttCredentials sffd = pipeline.mqttCredentials("sffd");
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("e2e-fuzz")
                .serverHost(mqtt.getHost()).serverPort(mqtt.getPort()).buildBlocking();
        client.connectWith().simpleAuth().username(sffd.username()).password(sffd.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        try {
            for (byte[] payload : payloads) {
                client.publishWith().topic("incident/sffd/fire/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
            }
        } finally {
            client.disconnect();
        }
        // Then a good scenario run: the pipeline is still alive and accounts for everything.
        ScenarioRun run = new ScenarioRun(3001).publish(pipeline, 60, 60, i -> { });
        PipelineAccounting.Report report = Settle.accounting(pipeline.bootstrapServers(), run, Duration.ofMinutes(2));
        assertThat(report.unaccounted()).as(report.line()).isEmpty();

        int dlqAfter = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            dlqAfter = TopicContents.committed(pipeline.bootstrapServers(), "incidents.dlq", Duration.ofSeconds(10)).size();
            if (dlqAfter - dlqBefore >= payloads.size() + run.ledger.badTotal()) {
                break;
            }
            Thread.sleep(1_000);
        }
        assertThat(dlqAfter - dlqBefore).as("dead letters for %d hostile messages and %d bad scenario records",
                payloads.size(), run.ledger.badTotal()).isEqualTo(payloads.size() + run.ledger.badTotal());
    }

    @Test
    void everyBadWebSocketFrameGetsAnErrorCodeAndTheSessionSurvives(Stack pipeline) throws Exception {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        String token = new DemoTokenFile(pipeline.settings().jwtSecret(), Duration.ofHours(1)).mint("sfpd", List.of("dispatcher"), Instant.now());
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(pipeline.consoleUrl().replace("http", "ws") + "/ws"), new Frames(received, new StringBuilder()))
                .get(20, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).get(5, TimeUnit.SECONDS);
        assertThat(next(received, Set.of("auth.success")).path("type").asString()).isEqualTo("auth.success");

        Random random = new Random(5);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] noise = new byte[64];
            random.nextBytes(noise);
            bad.add(new String(noise, StandardCharsets.ISO_8859_1));
        }
        bad.add("{\"type\":\"subscribe\",\"channel\":");
        bad.add("[" .repeat(2_000) + "]".repeat(2_000));
        bad.add("{\"type\":\"subscribe\",\"channel\":\"incidents\",\"filters\":{\"agencies\":\"sfpd\"}}");
        bad.add("{\"type\":42}");
        bad.add("{\"type\":\"launch-missiles\"}");
        bad.add("{\"type\":\"subscribe\",\"channel\":\"incidents\",\"filters\":{\"agencies\":[\"" + "x".repeat(40_000) + "\"]}}");
        for (String frame : bad) {
            socket.sendText(frame, true).get(5, TimeUnit.SECONDS);
            JsonNode answer = next(received, Set.of("error"));
            assertThat(answer.path("error").path("code").asString()).as("answer to %.60s", frame)
                    .isIn("INVALID_MESSAGE", "RATE_LIMIT_EXCEEDED");
        }
        socket.sendText("{\"type\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
        assertThat(next(received, Set.of("pong")).path("type").asString()).as("the session still answers").isEqualTo("pong");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private static JsonNode next(BlockingQueue<JsonNode> received, Set<String> types) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = received.poll(1, TimeUnit.SECONDS);
            if (message != null && types.contains(message.path("type").asString())) {
                return message;
            }
        }
        throw new AssertionError("no " + types + " message within 20 s");
    }

    private record Frames(BlockingQueue<JsonNode> into, StringBuilder partial) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                into.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
