package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.checkpoint.CheckpointRecord;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import io.incidentfeeds.testsupport.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code as-of --event-time} from the processor's checkpoints, on a late and clock-skewed story processed by the
 * real processor (checkpoints every 20 s of stream time, three tasks), killed mid-transaction after a commit and
 * replaced by a fresh instance that restores its stores (on {@link CheckpointCrashTest}'s pattern). At every
 * instant the picture is byte for byte the one replayed from the raw topic's start; each task starts from its
 * last checkpoint whose edits are all stamped by the instant: the task whose device clock ran ahead from an
 * earlier one, every task from the start before the first. Every end record's {@code max_edit_timestamp} is the
 * largest stamp among the edits of its offsets, the restart between two checkpoints included (a value kept in
 * memory would have lost the edit stamped ahead, committed before the kill: too low, the unsafe side).
 */
@WithKafka
class EventTimeCheckpointTest {

    private static final int EDITS = 120;
    /** Stamped 200 s after it reached Kafka: a device clock running ahead. After its task's checkpoint at 40 s, before the kill. */
    private static final int AHEAD = 47;
    private static final int COMMIT_AT = 55;
    private static final int HALT_AT = 75;
    /** Edit 91, stamped 85 s, was made after its sender saw edit 90 (stamped 90 s): a clock running behind. */
    private static final int SEEN = 90;
    private static final int BEHIND = 91;
    /** Made at 10 s, reached Kafka at 100 s: a unit offline. */
    private static final int LATE = 100;
    private static final Pattern TASK = Pattern.compile("task (\\d) at (\\S+) \\(");

    private record Edit(int appended, int stamped, String agency, String incident, long seq, String clock) {
    }

    @Test
    void fromTheCheckpointsWhoseEditsAreAllStampedByTheInstantThePictureIsTheOneFromTheStart(KafkaBroker kafka, @TempDir Path state)
            throws Exception {
        KilledProcessor processor = KilledProcessor.topics(kafka, "event-time-cp");
        Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        List<String> incidents = twoIncidentsPerTask();
        Map<String, Instant> stampedAt = publish(kafka, processor.topics.raw(), t0, story(incidents)); // "partition/offset" -> its edit's timestamp
        List<ConsumerRecord<byte[], byte[]>> committed = processor.haltThenReplace(state, COMMIT_AT, HALT_AT);

        int ahead = RawRecordKey.partitionOf(incidents.get(AHEAD % incidents.size()), 3);
        int endsAfterTheKill = 0;
        for (ConsumerRecord<byte[], byte[]> r : committed) {
            if (CheckpointRecord.fromJson(r.value()) instanceof CheckpointRecord.End end) {
                Instant expected = Instant.MIN;
                for (long offset = 0; offset <= end.rawOffsets()[end.task()]; offset++) {
                    Instant stamp = stampedAt.get(end.task() + "/" + offset);
                    expected = stamp.isAfter(expected) ? stamp : expected;
                }
                assertThat(end.maxEditTimestamp()).as("task %d's checkpoint at %s", end.task(), end.streamTime()).isEqualTo(expected);
                if (end.task() == ahead && !end.streamTime().isBefore(t0.plusSeconds(60))) {
                    assertThat(end.maxEditTimestamp()).as("the edit stamped ahead, applied before the kill").isEqualTo(t0.plusSeconds(AHEAD + 200));
                    endsAfterTheKill++;
                }
            }
        }
        assertThat(endsAfterTheKill).as("checkpoints of the task stamped ahead, written again after the kill").isPositive();

        List<String> connection = new ArrayList<>(processor.connection());
        connection.addAll(List.of("--format", "ndjson", "--hop-margin", "PT0S"));
        // event time (s after t0), horizon (null: now) -> per task, the earliest and latest instants its checkpoint may be at (null: none)
        assertSameAsFromStart(connection, t0, 19, null, Map.of()); // every checkpoint holds an edit stamped at 20 s or later
        Map<Integer, Integer[]> at30 = new HashMap<>();
        for (int task = 0; task < 3; task++) {
            at30.put(task, new Integer[] {20, 30});
        }
        assertSameAsFromStart(connection, t0, 30, null, at30);
        Map<Integer, Integer[]> at65 = new HashMap<>();
        for (int task = 0; task < 3; task++) {
            at65.put(task, task == ahead ? new Integer[] {40, AHEAD - 1} : new Integer[] {60, 65});
        }
        assertSameAsFromStart(connection, t0, 65, null, at65);
        Map<Integer, Integer[]> at87 = new HashMap<>();
        for (int task = 0; task < 3; task++) {
            at87.put(task, task == ahead ? new Integer[] {40, AHEAD - 1} : new Integer[] {80, 87});
        }
        String causal = assertSameAsFromStart(connection, t0, 87, null, at87);
        assertThat(causal).as("edit 91 stamped by then, and edit 90 as its causal past").contains("\"calfire\":" + seqOf(story(incidents), SEEN));
        Map<Integer, Integer[]> at260 = new HashMap<>();
        for (int task = 0; task < 3; task++) {
            at260.put(task, new Integer[] {100, EDITS});
        }
        assertSameAsFromStart(connection, t0, AHEAD + 213, null, at260);
        Map<Integer, Integer[]> at95By99 = new HashMap<>();
        for (int task = 0; task < 3; task++) {
            at95By99.put(task, task == ahead ? new Integer[] {40, AHEAD - 1} : new Integer[] {80, 95});
        }
        assertSameAsFromStart(connection, t0, 95, 99, at95By99);
    }

    /**
     * Runs {@code as-of --event-time} from the checkpoints and {@code --from-start}: the same picture, byte for byte; each
     * task of {@code from} from a checkpoint within its bounds (s after t0), the others from the start. Returns the picture.
     */
    private static String assertSameAsFromStart(List<String> connection, Instant t0, int eventTime, Integer horizon, Map<Integer, Integer[]> from) {
        List<String> args = new ArrayList<>(List.of("as-of", "--event-time", TelemetryCodec.formatTimestamp(t0.plusSeconds(eventTime))));
        if (horizon != null) {
            args.addAll(List.of("--horizon", TelemetryCodec.formatTimestamp(t0.plusSeconds(horizon))));
        }
        args.addAll(connection);
        ReviewScenario.Run fromCheckpoints = ReviewScenario.run(args);
        args.add("--from-start");
        ReviewScenario.Run fromStart = ReviewScenario.run(args);
        assertThat(fromCheckpoints.status()).as(fromCheckpoints.err()).isZero();
        assertThat(fromStart.status()).as(fromStart.err()).isZero();
        assertThat(fromStart.err()).contains("from the raw topic's start");
        assertThat(fromCheckpoints.out()).as("the picture at event time %d s", eventTime).isEqualTo(fromStart.out());
        if (eventTime >= 20) {
            assertThat(fromStart.out()).isNotEmpty();
        }
        Map<Integer, Instant> used = new TreeMap<>();
        Matcher m = TASK.matcher(fromCheckpoints.err().lines().filter(l -> l.startsWith("event time")).findFirst().orElseThrow());
        while (m.find()) {
            used.put(Integer.parseInt(m.group(1)), Instant.parse(m.group(2)));
        }
        if (from.isEmpty()) {
            assertThat(fromCheckpoints.err()).as("at %d s", eventTime).contains("from the raw topic's start");
        }
        assertThat(used.keySet()).as("the tasks that started from a checkpoint at %d s: %s", eventTime, fromCheckpoints.err())
                .isEqualTo(from.keySet());
        from.forEach((task, bounds) -> assertThat(used.get(task)).as("task %d's checkpoint for event time %d s", task, eventTime)
                .isBetween(t0.plusSeconds(bounds[0]), t0.plusSeconds(bounds[1])));
        return fromCheckpoints.out();
    }

    /** Six incident ids, two in each of the three tasks. */
    private static List<String> twoIncidentsPerTask() {
        List<String> ids = new ArrayList<>();
        int[] perTask = new int[3];
        for (int k = 0; ids.size() < 6; k++) {
            String id = "INC-EVT-CP-" + k;
            int task = RawRecordKey.partitionOf(id, 3);
            if (perTask[task] < 2) {
                perTask[task]++;
                ids.add(id);
            }
        }
        return ids;
    }

    /** Edit i reaches Kafka at i s, by sffd (even) or calfire (odd), of incident i mod 6, stamped then; but for the skewed and late ones. */
    private static List<Edit> story(List<String> incidents) {
        Map<String, Long> seqs = new HashMap<>();
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < EDITS; i++) {
            String agency = i == SEEN ? "calfire" : i == BEHIND ? "sffd" : i % 2 == 0 ? "sffd" : "calfire";
            String incident = incidents.get(i == BEHIND ? SEEN % incidents.size() : i % incidents.size());
            long seq = seqs.merge(agency + "/" + incident, 1L, Long::sum);
            int stamped = i == AHEAD ? i + 200 : i == BEHIND ? 85 : i == LATE ? 10 : i;
            String clock = "{\"" + agency + "\":" + seq
                    + (i == BEHIND ? ",\"calfire\":" + seqs.get("calfire/" + incident) : "") + "}";
            edits.add(new Edit(i, stamped, agency, incident, seq, clock));
        }
        return edits;
    }

    private static long seqOf(List<Edit> edits, int i) {
        return edits.get(i).seq();
    }

    /** Sends the edits keyed as the connector keys them, stamped with their arrival; "partition/offset" -> the edit's own timestamp. */
    private static Map<String, Instant> publish(KafkaBroker kafka, String raw, Instant t0, List<Edit> edits) throws Exception {
        String[] severities = {"minor", "moderate", "severe"};
        Map<String, Instant> stampedAt = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Edit e : edits) {
                String topic = "incident/" + e.agency() + "/fire/telemetry";
                Instant stamped = t0.plusSeconds(e.stamped());
                byte[] payload = ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + (-122.4 + e.appended() * 0.0001)
                        + ",37.7]},\"properties\":{\"incident_id\":\"" + e.incident() + "\",\"agency_id\":\"" + e.agency() + "\",\"status\":\"active\","
                        + "\"severity\":\"" + severities[e.appended() % 3] + "\",\"timestamp\":\"" + TelemetryCodec.formatTimestamp(stamped)
                        + "\",\"sequence_number\":" + e.seq() + ",\"clock\":" + e.clock() + "}}").getBytes(StandardCharsets.UTF_8);
                RecordHeaders headers = new RecordHeaders();
                headers.add(MqttHeaders.TOPIC, topic.getBytes(StandardCharsets.UTF_8));
                RecordMetadata sent = producer.send(new ProducerRecord<>(raw, null, t0.plusSeconds(e.appended()).toEpochMilli(),
                        RawRecordKey.of(topic, payload).getBytes(StandardCharsets.UTF_8), payload, headers)).get();
                stampedAt.put(sent.partition() + "/" + sent.offset(), stamped);
            }
        }
        return stampedAt;
    }
}
