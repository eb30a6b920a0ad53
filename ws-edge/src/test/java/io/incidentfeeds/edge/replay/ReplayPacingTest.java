package io.incidentfeeds.edge.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.EdgeSettings;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.protocol.ReplaySpeed;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The replay's pacing on an injected clock, over a window recorded in a real history topic: the
 * player is pumped exactly when it says the next version is due, so the times it sends at are its
 * schedule, with no wall clock in the verdict. At 10x the schedule is the recorded one (append
 * times after {@code from}) divided by ten; a pause shifts the rest by its length; at max
 * everything goes at once.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayPacingTest {

    /** Append times of the versions in the window, in ms after {@code from}: uneven, two at once, one at {@code to}. */
    private static final long[] RECORDED_MS = {1000, 1500, 4000, 4000, 9250, 20000, 30000};
    private static final long START = 7_000_000_000L;

    private CheckpointHistory history;
    private Instant from;
    private Instant to;

    @BeforeAll
    void record(KafkaBroker kafka) {
        String topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.history"), 3);
        from = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        to = from.plusMillis(RECORDED_MS[RECORDED_MS.length - 1]);
        try (Incidents out = new Incidents(kafka.bootstrapServers(), topic)) {
            out.write(Incidents.simple("RP-0", 1, DiffType.CREATE, "alpha", "j-alpha", 1, 1), from.minusSeconds(5));
            out.write(Incidents.simple("RP-1", 1, DiffType.CREATE, "alpha", "j-alpha", 1, 1), from);
            for (int i = 0; i < RECORDED_MS.length; i++) {
                String id = "RP-" + (1 + i % 3);
                long version = i < 3 && i > 0 ? 1 : 2 + i;
                out.write(Incidents.simple(id, version, version == 1 ? DiffType.CREATE : DiffType.UPDATE, "alpha", "j-alpha",
                        1 + i, 1), from.plusMillis(RECORDED_MS[i]));
            }
            out.write(Incidents.simple("RP-1", 99, DiffType.UPDATE, "alpha", "j-alpha", 9, 9), to.plusMillis(1));
        }
        history = new CheckpointHistory(EdgeSettings.bind(Map.of("edge.kafka.bootstrap-servers", kafka.bootstrapServers())).kafka(),
                topic, null);
    }

    @Test
    void atTenTimesTheScheduleIsTheRecordedOneDividedByTen() {
        Played once = play(new ReplaySpeed(1), (p, n) -> { });
        Played tenfold = play(new ReplaySpeed(10), (p, n) -> { });

        assertThat(once.snapshotIds).containsExactlyInAnyOrder("RP-0", "RP-1");
        assertThat(once.appendTimes()).as("every version in the window, in append order")
                .containsExactlyElementsOf(recordedAppendTimes());
        assertThat(once.offsets()).as("at 1x: the recorded schedule").containsExactlyElementsOf(recordedNanos(1));
        assertThat(tenfold.offsets()).as("at 10x: the recorded schedule / 10").containsExactlyElementsOf(recordedNanos(10));
        assertThat(tenfold.appendTimes()).isEqualTo(once.appendTimes());
        assertThat(tenfold.endedAt - START).as("it ends when the clock reaches to").isEqualTo(millisToNanos(RECORDED_MS[6]) / 10);
        assertThat(once.endedAt - START).isEqualTo(millisToNanos(RECORDED_MS[6]));
    }

    @Test
    void aPauseShiftsTheRestOfTheScheduleByItsLength() {
        long pause = Duration.ofSeconds(100).toNanos();
        Played paused = play(new ReplaySpeed(10), (player, played) -> {
            if (played.updates.size() == 2 && played.clock == START + millisToNanos(RECORDED_MS[1]) / 10) {
                player.pause(played.clock);
                played.clock += pause;
                player.resume(played.clock);
            }
        });
        List<Long> expected = new ArrayList<>(recordedNanos(10));
        for (int i = 2; i < expected.size(); i++) {
            expected.set(i, expected.get(i) + pause);
        }
        assertThat(paused.offsets()).containsExactlyElementsOf(expected);
        JsonNode pausedStatus = paused.statuses.stream().filter(s -> s.path("state").asString().equals("paused"))
                .findFirst().orElseThrow();
        assertThat(Instant.parse(pausedStatus.path("instant").asString()))
                .as("paused at the instant last shown").isEqualTo(from.plusMillis(RECORDED_MS[1]));
    }

    @Test
    void atMaxEverythingGoesAtOnceInOrder() {
        Played max = play(ReplaySpeed.MAX, (p, n) -> { });
        assertThat(max.appendTimes()).containsExactlyElementsOf(recordedAppendTimes());
        assertThat(max.offsets()).allMatch(t -> t == 0);
        assertThat(max.endedAt).isEqualTo(START);
    }

    private List<Instant> recordedAppendTimes() {
        List<Instant> times = new ArrayList<>();
        for (long ms : RECORDED_MS) {
            times.add(from.plusMillis(ms));
        }
        return times;
    }

    private static List<Long> recordedNanos(int speed) {
        List<Long> times = new ArrayList<>();
        for (long ms : RECORDED_MS) {
            times.add(millisToNanos(ms) / speed);
        }
        return times;
    }

    private static long millisToNanos(long ms) {
        return ms * 1_000_000L;
    }

    /** What the player sent, and when by the injected clock. */
    private static final class Played {
        long clock = START;
        long endedAt = -1;
        final List<String> snapshotIds = new ArrayList<>();
        final List<JsonNode> updates = new ArrayList<>();
        final List<Long> sentAt = new ArrayList<>();
        final List<JsonNode> statuses = new ArrayList<>();

        List<Long> offsets() {
            return sentAt.stream().map(t -> t - START).toList();
        }

        List<Instant> appendTimes() {
            return updates.stream().map(u -> Instant.parse(u.path("replay").path("append_time").asString())).toList();
        }
    }

    /** Plays the window, pumping exactly when the player says the next version is due; {@code between} runs after each pump. */
    private Played play(ReplaySpeed speed, BiConsumer<ReplayPlayer, Played> between) {
        Played played = new Played();
        ReplaySink sink = new ReplaySink() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public void send(String type, String frame) {
                JsonNode message = ContractJson.mapper().readTree(frame);
                switch (type) {
                    case "snapshot" -> message.path("data").path("features").forEach(f -> played.snapshotIds.add(f.path("id").asString()));
                    case "update" -> {
                        played.updates.add(message);
                        played.sentAt.add(played.clock);
                    }
                    default -> {
                        played.statuses.add(message.path("data"));
                        if (message.path("data").path("state").asString().equals("ended")) {
                            played.endedAt = played.clock;
                        }
                    }
                }
            }
        };
        // A read-ahead of 2 makes the player go back to the history between versions.
        ReplayPlayer player = new ReplayPlayer(from, to, speed, v -> true, sink, 2);
        player.start(from, history.pictureAt(from), history.versionsAfter(from, to), played.clock);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            long wait = player.pump(played.clock);
            between.accept(player, played);
            if (wait == ReplayPlayer.STOPPED && player.state() != io.incidentfeeds.schemas.protocol.ServerMessage.ReplayState.PLAYING) {
                break;
            }
            if (wait == ReplayPlayer.BLOCKED) {
                fail("the sink was always ready");
            }
            if (wait == ReplayPlayer.WAITING) {
                assertThat(System.nanoTime()).as("the history within 60 s").isLessThan(deadline);
                sleep();
            } else if (wait > 0) {
                played.clock += wait;
            }
        }
        player.close(null, played.clock);
        return played;
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
