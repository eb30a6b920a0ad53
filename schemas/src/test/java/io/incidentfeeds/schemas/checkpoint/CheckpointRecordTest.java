package io.incidentfeeds.schemas.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoint records: written as the schema says, read back to the same bytes, keys both ways. */
class CheckpointRecordTest {

    private static final Instant AT = Instant.parse("2026-11-22T14:00:07.250Z");
    private static final byte[] VERSION = ("{\"type\":\"Feature\",\"id\":\"INC-1\",\"geometry\":null,\"properties\":{\"incident_id\":\"INC-1\","
            + "\"title\":\"Caf\u00e9 \\\"du Port\\\"\\n\",\"status\":\"active\"},\"reconciliation\":{\"version\":3}}").getBytes(StandardCharsets.UTF_8);

    @Test
    void aChunkReadsBackToTheSameStateAndVersionBytes() {
        byte[] state = {2, 0, -1, 127, -128, 64};
        var chunk = new CheckpointRecord.Chunk(2, AT, 5, List.of(new CheckpointRecord.Entry("INC-1", state, VERSION),
                new CheckpointRecord.Entry("INC-2", new byte[] {2, 1}, null)));
        var read = (CheckpointRecord.Chunk) CheckpointRecord.fromJson(chunk.toJson());
        assertThat(read.task()).isEqualTo(2);
        assertThat(read.streamTime()).isEqualTo(AT);
        assertThat(read.index()).isEqualTo(5);
        assertThat(read.incidents()).hasSize(2);
        assertThat(read.incidents().get(0).state()).isEqualTo(state);
        assertThat(read.incidents().get(0).version()).as("the version byte for byte").isEqualTo(VERSION);
        assertThat(read.incidents().get(1).version()).isNull();
        assertValid(chunk.toJson());
    }

    @Test
    void anEndRecordReadsBack() {
        var end = new CheckpointRecord.End(1, AT, "incidents.raw", 3, 1200, new long[] {-1, 40, 7});
        var read = (CheckpointRecord.End) CheckpointRecord.fromJson(end.toJson());
        assertThat(read.chunks()).isEqualTo(3);
        assertThat(read.rawTopic()).isEqualTo("incidents.raw");
        assertThat(read.incidents()).isEqualTo(1200);
        assertThat(read.rawOffsets()).containsExactly(-1, 40, 7);
        assertThat(read.streamTime()).isEqualTo(AT);
        assertThat(read.maxEditTimestamp()).as("not known: absent").isNull();
        assertThat(new String(end.toJson(), StandardCharsets.UTF_8)).doesNotContain("max_edit_timestamp");
        assertValid(end.toJson());
    }

    @Test
    void theLargestEditTimestampIsWrittenLikeEveryTimestampAndReadBack() {
        Instant max = Instant.parse("2026-11-22T13:59:58.125Z");
        var end = new CheckpointRecord.End(1, AT, "incidents.raw", 3, 1200, new long[] {-1, 40, 7}, max);
        assertThat(new String(end.toJson(), StandardCharsets.UTF_8)).contains("\"max_edit_timestamp\":\"2026-11-22T13:59:58.125Z\"");
        assertThat(((CheckpointRecord.End) CheckpointRecord.fromJson(end.toJson())).maxEditTimestamp()).isEqualTo(max);
        assertValid(end.toJson());
        assertThatThrownBy(() -> CheckpointRecord.fromJson(("{\"task\":1,\"stream_time\":\"2026-11-22T14:00:07Z\",\"chunk\":0,\"incidents\":[],"
                + "\"max_edit_timestamp\":\"2026-11-22T14:00:07Z\"}").getBytes(StandardCharsets.UTF_8)))
                .as("a chunk has none").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither a chunk");
    }

    @Test
    void keysNameTheTaskTheInstantAndTheChunk() {
        assertThat(CheckpointRecord.chunkKey(2, AT, 7)).isEqualTo("2/" + AT.toEpochMilli() + "/7");
        assertThat(CheckpointRecord.parseKey(CheckpointRecord.chunkKey(2, AT, 7))).isEqualTo(new CheckpointRecord.Key(2, AT.toEpochMilli(), 7));
        assertThat(CheckpointRecord.parseKey(CheckpointRecord.endKey(2, AT)).isEnd()).isTrue();
        for (String bad : new String[] {null, "", "2/x/1", "2/1", "-1/5/0", "1/5/-3", "1/5/end/0"}) {
            assertThat(CheckpointRecord.parseKey(bad)).as("key %s", bad).isNull();
        }
    }

    @Test
    void whatIsNotACheckpointRecordIsRefusedWithTheReason() {
        assertThatThrownBy(() -> CheckpointRecord.fromJson("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> CheckpointRecord.fromJson("{\"task\":1,\"stream_time\":\"2026-11-22T14:00:07Z\",\"chunks\":1}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither a chunk");
        assertThatThrownBy(() -> CheckpointRecord.fromJson("{\"task\":1,".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a checkpoint record");
    }

    @Test
    void theExamplesAreWhatTheCodecReads() throws Exception {
        Path examples = Path.of("src/main/resources/examples/checkpoint/valid");
        var chunk = (CheckpointRecord.Chunk) CheckpointRecord.fromJson(Files.readAllBytes(examples.resolve("chunk.json")));
        assertThat(ContractJson.mapper().readTree(chunk.incidents().get(0).version()).get("id").asString()).isEqualTo("INC-2026-0001");
        var end = (CheckpointRecord.End) CheckpointRecord.fromJson(Files.readAllBytes(examples.resolve("end.json")));
        assertThat(end.task()).isEqualTo(chunk.task());
        assertThat(end.streamTime()).isEqualTo(chunk.streamTime());
        assertThat(end.maxEditTimestamp()).isEqualTo(Instant.parse("2026-11-22T14:00:03.500Z"));
        var older = (CheckpointRecord.End) CheckpointRecord.fromJson(Files.readAllBytes(examples.resolve("end-without-max-edit-timestamp.json")));
        assertThat(older.maxEditTimestamp()).isNull();
    }

    private static void assertValid(byte[] json) {
        assertThat(ContractValidator.shared().validate(ContractSchema.CHECKPOINT, ContractJson.mapper().readTree(json))).isEmpty();
    }
}
