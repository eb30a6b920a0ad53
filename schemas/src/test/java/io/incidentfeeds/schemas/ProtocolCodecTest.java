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
import io.incidentfeeds.schemas.protocol.ReplaySpeed;
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
    void decodesAReplaySubscriptionAndItsControls() {
        ClientMessage.Subscribe replay = (ClientMessage.Subscribe) ok("{\"type\":\"subscribe\",\"channel\":\"replay\","
                + "\"from\":\"2026-11-22T15:00:00+01:00\",\"to\":\"2026-11-22T16:00:00.250Z\",\"speed\":10,"
                + "\"filters\":{\"status\":[\"active\"]}}");
        assertThat(replay.channel()).isEqualTo("replay");
        assertThat(replay.from()).isEqualTo(Instant.parse("2026-11-22T14:00:00Z"));
        assertThat(replay.to()).isEqualTo(Instant.parse("2026-11-22T16:00:00.250Z"));
        assertThat(replay.speed()).isEqualTo(new ReplaySpeed(10));
        assertThat(replay.filters().status()).containsExactly(IncidentStatus.ACTIVE);
        assertThat(((ClientMessage.Subscribe) ok("{\"type\":\"subscribe\",\"channel\":\"replay\","
                + "\"from\":\"2026-11-22T14:00:00Z\",\"to\":\"2026-11-22T16:00:00Z\",\"speed\":\"max\"}")).speed().isMax()).isTrue();
        // The range is the edge's to judge (REPLAY_INVALID), not the decoder's.
        assertThat(((ClientMessage.Subscribe) ok("{\"type\":\"subscribe\",\"channel\":\"replay\","
                + "\"from\":\"2026-11-22T14:00:00Z\",\"to\":\"2026-11-22T16:00:00Z\",\"speed\":250}")).speed().inRange()).isFalse();
        assertThat(ok("{\"type\":\"pause\"}")).isEqualTo(new ClientMessage.Pause());
        assertThat(ok("{\"type\":\"resume\"}")).isEqualTo(new ClientMessage.Resume());
        assertThat(ok("{\"type\":\"seek\",\"at\":\"2026-11-22T14:30:00Z\"}"))
                .isEqualTo(new ClientMessage.Seek(Instant.parse("2026-11-22T14:30:00Z")));
        assertThat(ok("{\"type\":\"speed\",\"speed\":0.5}")).isEqualTo(new ClientMessage.Speed(new ReplaySpeed(0.5)));

        for (String refused : List.of(
                "{\"type\":\"subscribe\",\"channel\":\"replay\",\"from\":\"2026-11-22T14:00:00Z\"}",
                "{\"type\":\"subscribe\",\"channel\":\"replay\",\"from\":\"2026-11-22T14:00:00Z\",\"to\":\"2026-11-22T16:00:00Z\",\"resume_from\":\"v1.0-1\"}",
                "{\"type\":\"subscribe\",\"channel\":\"incidents\",\"speed\":2}",
                "{\"type\":\"subscribe\",\"channel\":\"replay\",\"from\":\"yesterday\",\"to\":\"2026-11-22T16:00:00Z\"}",
                "{\"type\":\"speed\",\"speed\":\"fast\"}",
                "{\"type\":\"speed\",\"speed\":1e400}",
                "{\"type\":\"seek\"}",
                "{\"type\":\"pause\",\"at\":\"2026-11-22T14:30:00Z\"}")) {
            Decoded decoded = ProtocolCodec.decode(refused);
            assertThat(decoded).as(refused).isInstanceOf(Decoded.Invalid.class);
            assertThat(((Decoded.Invalid) decoded).reason()).as(refused).doesNotStartWith("unknown message type");
        }
    }

    private static ClientMessage ok(String frame) {
        Decoded decoded = ProtocolCodec.decode(frame);
        assertThat(decoded).as(frame).isInstanceOf(Decoded.Ok.class);
        ClientMessage message = ((Decoded.Ok) decoded).message();
        assertThat(ProtocolCodec.decode(ProtocolCodec.encode(message))).as("again, encoded").isEqualTo(decoded);
        return message;
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
                new ServerMessage.Error(now, new ServerMessage.ErrorBody(ErrorCode.FORBIDDEN, "agency sfpd", Map.of("agency", "sfpd"))),
                new ServerMessage.Subscribed(now, Channel.REPLAY, new ServerMessage.SubscribedData(Filters.ALL, false)),
                new ServerMessage.Snapshot(now, Channel.REPLAY, new ServerMessage.FeatureCollection(List.of(incident)), null,
                        new ServerMessage.Replayed(Instant.parse("2026-11-22T14:00:00Z"), null, null)),
                new ServerMessage.Update(now, Channel.REPLAY, DiffType.UPDATE, incident, null,
                        new ServerMessage.Replayed(Instant.parse("2026-11-22T14:00:01.5Z"), Instant.parse("2026-11-22T14:00:01.5Z"),
                                Instant.parse("2026-11-22T14:00:01Z"))),
                new ServerMessage.ReplayStatus(now, new ServerMessage.ReplayStatusData(ServerMessage.ReplayState.PAUSED,
                        Instant.parse("2026-11-22T14:10:00Z"), Instant.parse("2026-11-22T14:00:00Z"), Instant.parse("2026-11-22T16:00:00Z"),
                        new ReplaySpeed(10), null)),
                new ServerMessage.ReplayStatus(now, new ServerMessage.ReplayStatusData(ServerMessage.ReplayState.CLOSED,
                        Instant.parse("2026-11-22T14:10:00Z"), Instant.parse("2026-11-22T14:00:00Z"), Instant.parse("2026-11-22T16:00:00Z"),
                        ReplaySpeed.MAX, "idle")),
                new ServerMessage.Error(now, new ServerMessage.ErrorBody(ErrorCode.REPLAY_LIMIT, "20 replays", Map.of("scope", "edge"))));
        for (ServerMessage message : messages) {
            String frame = ProtocolCodec.encode(message);
            JsonNode tree = ContractJson.mapper().readTree(frame);
            assertThat(ContractValidator.shared().validate(ContractSchema.WS_SERVER_MESSAGE, tree)).as(frame).isEmpty();
            assertThat(ProtocolCodec.decodeServer(frame)).isEqualTo(message);
        }
        // A live frame without a position, or a replay frame without its mark, breaks the schema.
        for (ServerMessage unmarked : List.of(
                new ServerMessage.Update(now, Channel.REPLAY, DiffType.UPDATE, incident, null),
                new ServerMessage.Update(now, Channel.INCIDENTS, DiffType.UPDATE, incident, null,
                        new ServerMessage.Replayed(now, now, now)),
                new ServerMessage.Snapshot(now, Channel.REPLAY, new ServerMessage.FeatureCollection(List.of()), "p1"))) {
            assertThat(ContractValidator.shared().validate(ContractSchema.WS_SERVER_MESSAGE,
                    ContractJson.mapper().readTree(ProtocolCodec.encode(unmarked)))).as("%s", unmarked).isNotEmpty();
        }
    }
}
