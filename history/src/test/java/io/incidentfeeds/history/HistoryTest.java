package io.incidentfeeds.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.checkpoint.CheckpointRecord;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On a real broker, a history and its checkpoints written as the processor writes them (two tasks, a
 * version every 10 s per incident, each task's checkpoint every minute in a transaction), plus an
 * aborted checkpoint and one missing a chunk: the picture from the checkpoints is the picture from the
 * history's start at every instant, and the versions come in append order. Each checkpoint says the
 * largest timestamp of the edits in it: task 0's edit 11 stamped two minutes ahead of its arrival, task 1's
 * edits from 24 on stamped 100 s behind theirs.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final int VERSIONS = 40; // per task; incidents INC-<task>-0 .. 4
    private String history;
    private String checkpoints;
    private History reader;
    private final List<Instant> checkpointInstants = new ArrayList<>();

    @BeforeAll
    void write(KafkaBroker kafka) throws Exception {
        String suffix = KafkaBroker.uniqueName("history");
        history = kafka.createTopic("history-" + suffix, 2);
        checkpoints = kafka.createTopic("checkpoints-" + suffix, 2);
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "history-test-" + suffix);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int task = 0; task < 2; task++) {
                Instant maxEdit = Instant.MIN;
                Map<String, Long> numbers = new TreeMap<>();
                Map<String, byte[]> last = new TreeMap<>();
                for (int i = 0; i < VERSIONS; i++) {
                    Instant at = T0.plusSeconds(10L * i + task);
                    String id = "INC-" + task + "-" + (i % 5);
                    long number = numbers.merge(id, 1L, Long::sum);
                    byte[] version = version(id, number, at, task, i);
                    Instant stamped = task == 0 && i == 11 ? at.plusSeconds(120) : task == 1 && i >= 24 ? at.minusSeconds(100) : at;
                    maxEdit = stamped.isAfter(maxEdit) ? stamped : maxEdit;
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>(history, task, at.toEpochMilli(), bytes(id), version));
                    last.put(id, version);
                    if (i % 6 == 5) { // a checkpoint after this version, in the same transaction
                        checkpoint(producer, task, at, last, i, maxEdit);
                        checkpointInstants.add(at);
                    }
                    producer.commitTransaction();
                    if (i == 20) { // an aborted checkpoint and one whose second chunk is lost: neither may be used
                        producer.beginTransaction();
                        checkpoint(producer, task, at.plusMillis(1), Map.of(id, new byte[] {'x'}), i, maxEdit);
                        producer.abortTransaction();
                        producer.beginTransaction();
                        CheckpointRecord.End end = new CheckpointRecord.End(task, at.plusMillis(2), "raw", 2, 1, new long[] {i, i});
                        producer.send(new ProducerRecord<>(checkpoints, task, at.plusMillis(2).toEpochMilli(),
                                bytes(CheckpointRecord.endKey(task, at.plusMillis(2))), end.toJson()));
                        producer.commitTransaction();
                    }
                }
            }
        }
        reader = new History(kafka.clientProperties(), Duration.ofSeconds(20), history, checkpoints).withHopMargin(Duration.ofSeconds(5));
    }

    @Test
    void thePictureFromTheCheckpointsIsThePictureFromTheStart() {
        for (int seconds : new int[] {0, 55, 59, 61, 121, 205, 206, 207, 208, 300, 391, 500}) {
            Instant at = T0.plusSeconds(seconds);
            PictureAt fromCheckpoints = reader.pictureAt(at);
            PictureAt fromStart = reader.pictureAt(at, false);
            assertThat(text(fromCheckpoints.versions())).as("picture at %s", at).isEqualTo(text(fromStart.versions()));
            assertThat(fromStart.checkpoints()).isEmpty();
            if (seconds >= 60) {
                assertThat(fromCheckpoints.checkpoints()).as("checkpoints used at %s", at).isNotEmpty();
                assertThat(fromCheckpoints.versionsRead()).isLessThan(fromStart.versionsRead());
            }
        }
    }

    @Test
    void eachTaskStartsFromItsLastCompleteCheckpointAtOrBeforeTheInstant() {
        Instant at = T0.plusSeconds(215); // after version 21 of task 0: its checkpoint at version 17 (170 s); the aborted and the broken at 200 s are skipped
        Map<Integer, TaskCheckpoint> found = reader.checkpointsAt(at);
        assertThat(found.get(0).streamTime()).isEqualTo(T0.plusSeconds(170));
        assertThat(found.get(1).streamTime()).isEqualTo(T0.plusSeconds(171));
        assertThat(found.get(0).incidents()).hasSize(5);
        assertThat(found.get(0).rawOffset(0)).isEqualTo(17);
        assertThat(found.get(0).rawOffset(7)).isEqualTo(-1);
        assertThat(reader.checkpointsAt(T0.plusSeconds(49))).as("before the first").isEmpty();
        assertThat(reader.checkpointsAt(T0.plusSeconds(50)).keySet()).containsExactly(0);
    }

    /**
     * For an event-time picture at T up to a horizon H: each task's last complete checkpoint stamped by H whose
     * edits are all stamped by T. Task 0's checkpoints from 110 s to 230 s hold an edit stamped at 230 s, so at T
     * 200 s it starts from the one at 50 s; task 1's at 291 s holds nothing stamped after 231 s, so at T 240 s it
     * starts from that one, after T, when the horizon allows. The one missing a chunk (no largest timestamp
     * either) never counts.
     */
    @Test
    void forAnEventTimeEachTaskStartsFromItsLastCheckpointWithEveryEditStampedByThen() {
        Map<Integer, TaskCheckpoint> at200 = reader.checkpointsForEventTime(T0.plusSeconds(200), T0.plusSeconds(400));
        assertThat(at200.get(0).streamTime()).isEqualTo(T0.plusSeconds(50));
        assertThat(at200.get(0).maxEditTimestamp()).isEqualTo(T0.plusSeconds(50));
        assertThat(at200.get(1).streamTime()).isEqualTo(T0.plusSeconds(171));
        assertThat(reader.checkpointsAt(T0.plusSeconds(200)).get(0).streamTime()).as("known at: no such condition").isEqualTo(T0.plusSeconds(170));

        Map<Integer, TaskCheckpoint> at240 = reader.checkpointsForEventTime(T0.plusSeconds(240), T0.plusSeconds(400));
        assertThat(at240.get(0).streamTime()).isEqualTo(T0.plusSeconds(230));
        assertThat(at240.get(1).streamTime()).as("after T, its edits stamped by T").isEqualTo(T0.plusSeconds(291));
        assertThat(at240.get(1).maxEditTimestamp()).isEqualTo(T0.plusSeconds(231));
        assertThat(at240.values()).allMatch(c -> c.onlyEditsStampedBy(T0.plusSeconds(240)));
        assertThat(reader.checkpointsForEventTime(T0.plusSeconds(240), T0.plusSeconds(290)).get(1).streamTime())
                .as("not after the horizon").isEqualTo(T0.plusSeconds(231));
        assertThat(reader.checkpointsForEventTime(T0.plusSeconds(400), T0.plusSeconds(250)).get(0).streamTime())
                .as("a horizon before T").isEqualTo(T0.plusSeconds(230));
        assertThat(reader.checkpointsForEventTime(T0.plusSeconds(40), T0.plusSeconds(400))).as("none that early").isEmpty();
    }

    @Test
    void versionsComeInAppendOrderWithinTheWindow() {
        List<HistoryVersion> seen = new ArrayList<>();
        try (VersionStream versions = reader.versions(T0.plusSeconds(100), T0.plusSeconds(200))) {
            versions.forEachRemaining(seen::add);
        }
        assertThat(seen).extracting(v -> v.appendedAt().getEpochSecond() - T0.getEpochSecond())
                .as("both tasks' versions from 100 s to 200 s, by time").containsExactly(100L, 101L, 110L, 111L, 120L, 121L, 130L, 131L,
                        140L, 141L, 150L, 151L, 160L, 161L, 170L, 171L, 180L, 181L, 190L, 191L, 200L);
        assertThat(seen.get(0).incidentId()).isEqualTo("INC-0-0");
        assertThat(seen.get(0).version()).isEqualTo(3);
    }

    private void checkpoint(KafkaProducer<byte[], byte[]> producer, int task, Instant at, Map<String, byte[]> last, int offset, Instant maxEdit) {
        List<CheckpointRecord.Entry> entries = new ArrayList<>();
        last.forEach((id, version) -> entries.add(new CheckpointRecord.Entry(id, new byte[] {2, 0}, version)));
        // two chunks, to be put back together
        producer.send(new ProducerRecord<>(checkpoints, task, at.toEpochMilli(), bytes(CheckpointRecord.chunkKey(task, at, 0)),
                new CheckpointRecord.Chunk(task, at, 0, entries.subList(0, entries.size() / 2)).toJson()));
        producer.send(new ProducerRecord<>(checkpoints, task, at.toEpochMilli(), bytes(CheckpointRecord.chunkKey(task, at, 1)),
                new CheckpointRecord.Chunk(task, at, 1, entries.subList(entries.size() / 2, entries.size())).toJson()));
        long[] offsets = new long[2];
        java.util.Arrays.fill(offsets, -1);
        offsets[task] = offset;
        producer.send(new ProducerRecord<>(checkpoints, task, at.toEpochMilli(), bytes(CheckpointRecord.endKey(task, at)),
                new CheckpointRecord.End(task, at, "raw", 2, entries.size(), offsets, maxEdit).toJson()));
    }

    private static byte[] version(String id, long number, Instant at, int task, int offset) {
        return ("{\"type\":\"Feature\",\"id\":\"" + id + "\",\"geometry\":null,\"properties\":{\"incident_id\":\"" + id
                + "\",\"status\":\"active\"},\"reconciliation\":{\"version\":" + number + ",\"diff_type\":\"" + (number == 1 ? "create" : "update")
                + "\",\"clock\":{\"sffd\":" + number + "},\"agencies\":[\"sffd\"],\"jurisdictions\":[],\"event_time\":\"" + at
                + "\",\"conflicts\":[],\"source\":{\"topic\":\"raw\",\"partition\":" + task + ",\"offset\":" + offset + "}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SortedMap<String, String> text(SortedMap<String, byte[]> versions) {
        SortedMap<String, String> out = new TreeMap<>();
        versions.forEach((id, v) -> out.put(id, new String(v, StandardCharsets.UTF_8)));
        return out;
    }
}
