package io.incidentfeeds.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.protocol.ClientMessage;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import io.incidentfeeds.schemas.protocol.Filters;
import io.incidentfeeds.schemas.protocol.ProtocolCodec;
import io.incidentfeeds.schemas.protocol.ProtocolCodec.Decoded;
import io.incidentfeeds.schemas.protocol.ServerMessage;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ProtocolCodecTest {

    static Stream<Path> validClientExamples() throws IOException {
        return Files.list(ExamplesTest.EXAMPLES.resolve("ws-client-message/valid")).sorted();
    }

    static Stream<Path> invalidClientExamples() throws IOException {
        return Files.list(ExamplesTest.EXAMPLES.resolve("ws-client-message/invalid")).sorted();
    }

    @ParameterizedTest
    @MethodSource("validClientExamples")
    void decodesEveryValidClientMessage(Path file) throws IOException {
        assertThat(ProtocolCodec.decode(Files.readString(file))).isInstanceOf(Decoded.Ok.class);
    }

    @ParameterizedTest
    @MethodSource("invalidClientExamples")
    void refusesEveryInvalidClientMessageWithAReason(Path file) throws IOException {
        Decoded decoded = ProtocolCodec.decode(Files.readString(file));
        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
        assertThat(((Decoded.Invalid) decoded).reason()).isNotBlank();
    }

    @Test
    void decodesASubscribeWithFiltersAndResume() {
        Decoded decoded = ProtocolCodec.decode("{\"type\":\"subscribe\",\"channel\":\"incidents\","
                + "\"filters\":{\"agencies\":[\"sffd\"],\"status\":[\"active\"],\"bbox\":[-123,37,-122,38]},"
                + "\"resume_from\":\"abc\"}");
        ClientMessage.Subscribe subscribe = (ClientMessage.Subscribe) ((Decoded.Ok) decoded).message();
        assertThat(subscribe.channel()).isEqualTo("incidents");
        assertThat(subscribe.filters().agencies()).containsExactly("sffd");
        assertThat(subscribe.filters().status()).containsExactly(IncidentStatus.ACTIVE);
        assertThat(subscribe.filters().bbox()).containsExactly(-123, 37, -122, 38);
        assertThat(subscribe.resumeFrom()).isEqualTo("abc");
        assertThat(((ClientMessage.Subscribe) ((Decoded.Ok) ProtocolCodec.decode(
                "{\"type\":\"subscribe\",\"channel\":\"alerts\"}")).message()).filters()).isEqualTo(Filters.ALL);
    }

    @Test
    void garbageNeverThrows() {
        for (String frame : List.of("", "not json", "{", "[]", "null", "42", "{\"type\":42}", "{\"type\":\"auth\",\"token\":7}",
                "[".repeat(5000), "{\"type\":\"" + "x".repeat(300_000) + "\"}")) {
            assertThat(ProtocolCodec.decode(frame)).as(frame.length() > 40 ? frame.substring(0, 40) : frame)
                    .isInstanceOf(Decoded.Invalid.class);
        }
    }

    @Test
    void everyServerMessageEncodesToTheSchema() throws IOException {
        Instant now = Instant.parse("2026-11-22T19:05:13.001Z");
        JsonNode incident = ContractJson.mapper().readTree(Files.readString(
                ExamplesTest.EXAMPLES.resolve("reconciled-incident/valid/create.json")));
        List<ServerMessage> messages = List.of(
                new ServerMessage.Connection(now, new ServerMessage.ConnectionData(10_000, ProtocolCodec.PROTOCOL_VERSION,
                        new ServerMessage.RateLimit(1000, 50, 5, 10))),
                new ServerMessage.AuthSuccess(now, new ServerMessage.AuthData("sffd", List.of("dispatcher"), now)),
                new ServerMessage.AuthFailed(now, new ServerMessage.ErrorBody(ErrorCode.AUTH_FAILED, "bad signature", null)),
                new ServerMessage.Subscribed(now, Channel.INCIDENTS, new ServerMessage.SubscribedData(Filters.ALL, false)),
                new ServerMessage.Unsubscribed(now, Channel.ALERTS),
                new ServerMessage.Snapshot(now, Channel.INCIDENTS, new ServerMessage.FeatureCollection(List.of(incident)), "p1"),
                new ServerMessage.Update(now, Channel.INCIDENTS, DiffType.CREATE, incident, "p2"),
                new ServerMessage.Pong(now),
                new ServerMessage.Error(now, new ServerMessage.ErrorBody(ErrorCode.FORBIDDEN, "agency sfpd", Map.of("agency", "sfpd"))));
        for (ServerMessage message : messages) {
            String frame = ProtocolCodec.encode(message);
            JsonNode tree = ContractJson.mapper().readTree(frame);
            assertThat(ContractValidator.shared().validate(ContractSchema.WS_SERVER_MESSAGE, tree)).as(frame).isEmpty();
            assertThat(ProtocolCodec.decodeServer(frame)).isEqualTo(message);
        }
    }
}
