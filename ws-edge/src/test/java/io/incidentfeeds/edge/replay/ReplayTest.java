package io.incidentfeeds.edge.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.AccessOracle;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.Readiness;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.testsupport.WithKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The replay channel over real WebSockets against an edge reading a real history topic: a story of
 * versions recorded with their append times, replayed. The picture at {@code from} and after a seek
 * is the history's picture as known then (each incident's last version appended by then, restated
 * here as the oracle); the versions follow in append order with their times; each agency's replay
 * holds only what it may see; every bad input gets its code and the session goes on, live.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayTest {

    private static final int BIG_VERSIONS = 600;

    private KafkaBroker kafka;
    private EdgeInstance edge;
    private Incidents live;
    private String historyTopic;
    private Instant base;
    /** The story, in append order: each version and its append time. */
    private final List<Recorded> story = new ArrayList<>();

    private record Recorded(ReconciledIncident version, Instant appendTime) {
    }

    @BeforeAll
    void start(KafkaBroker kafka) {
        this.kafka = kafka;
        String topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.reconciled"), 3, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(topic + ".conflicts", 3);
        historyTopic = kafka.createTopic(topic + ".history", 3);
        Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), topic);
        props.put("edge.replay.history-topic", historyTopic);
        props.put("edge.replay.max-per-edge", "3");
        props.put("edge.replay.max-window", "6h");
        props.put("edge.replay.idle-timeout", "3s");
        edge = EdgeInstance.start(props);
        live = new Incidents(kafka.bootstrapServers(), topic);

        base = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        record(0, "RT-1", 1, DiffType.CREATE, List.of("alpha"), List.of("j-alpha"), "fire", "moderate");
        record(2, "RT-2", 1, DiffType.CREATE, List.of("bravo"), List.of("j-bravo"), "flood", "minor");
        record(4, "RT-3", 1, DiffType.CREATE, List.of("charlie"), List.of("j-charlie"), "fire", "minor");
        record(6, "RT-4", 1, DiffType.CREATE, List.of("charlie"), List.of("j-charlie"), "flood", "minor");
        record(10, "RT-1", 2, DiffType.UPDATE, List.of("alpha"), List.of("j-alpha"), "fire", "severe");
        record(12, "RT-5", 1, DiffType.CREATE, List.of("zulu"), List.of("j-alpha"), "hazmat", "minor");
        // RT-1 spreads into bravo's jurisdiction; RT-5 leaves alpha's; RT-2 is deleted.
        record(20, "RT-1", 3, DiffType.UPDATE, List.of("alpha"), List.of("j-alpha", "j-bravo"), "fire", "severe");
        record(22, "RT-5", 2, DiffType.UPDATE, List.of("zulu"), List.of("j-zulu"), "hazmat", "minor");
        record(30, "RT-2", 2, DiffType.DELETE, List.of("bravo"), List.of("j-bravo"), "flood", "minor");
        record(40, "RT-3", 2, DiffType.UPDATE, List.of("charlie"), List.of("j-charlie"), "fire", "severe");
        record(50, "RT-6", 1, DiffType.CREATE, List.of("alpha", "bravo"), List.of("j-x"), "flood", "minor");
        // Later, apart from the rest: 600 large versions (12 MB), more than a console's socket buffers hold.
        for (int i = 0; i < BIG_VERSIONS; i++) {
            Instant at = base.plusSeconds(100).plusMillis(10L * i);
            story.add(new Recorded(Incidents.padded(Incidents.at(Incidents.simple("RT-BIG-" + i % 20, 1 + i / 20,
                    i < 20 ? DiffType.CREATE : DiffType.UPDATE, "alpha", "j-alpha", 1, 1), at), 20_000), at));
        }
        try (Incidents history = new Incidents(kafka.bootstrapServers(), historyTopic)) {
            for (Recorded r : story) {
                history.write(r.version(), r.appendTime());
            }
        }
        Readiness.await(edge);
    }

    @AfterAll
    void stop() {
        live.close();
        edge.close();
    }

    private void record(int second, String id, long version, DiffType diff, List<String> agencies, List<String> jurisdictions,
                        String type, String severity) {
        Instant at = base.plusSeconds(second);
        ReconciledIncident incident = Incidents.at(Incidents.incident(id, version, diff, agencies, jurisdictions, type, severity,
                -122.4, 37.7), at.minusMillis(250));
        story.add(new Recorded(incident, at));
    }

    /** The oracle: each incident's last version appended at or before {@code at}, deleted ones left out (id -> version). */
    private Map<String, Long> pictureAt(Instant at) {
        Map<String, Long> picture = new TreeMap<>();
        for (Recorded r : story) {
            if (!r.appendTime().isAfter(at)) {
                if (r.version().reconciliation().diffType() == DiffType.DELETE) {
                    picture.remove(r.version().id());
                } else {
                    picture.put(r.version().id(), r.version().reconciliation().version());
                }
            }
        }
        return picture;
    }

    /**
     * The oracle: the versions appended after {@code after} up to {@code until}, in order ("id v<version> <append time>").
     * A delete shows the last state before it (as live: never a state the console was not shown), at its own time.
     */
    private List<String> versionsBetween(Instant after, Instant until) {
        List<String> out = new ArrayList<>();
        Map<String, Long> last = new TreeMap<>();
        for (Recorded r : story) {
            String id = r.version().id();
            long version = r.version().reconciliation().version();
            boolean delete = r.version().reconciliation().diffType() == DiffType.DELETE;
            if (r.appendTime().isAfter(after) && !r.appendTime().isAfter(until)) {
                out.add(id + " v" + (delete ? last.get(id) : version) + " " + r.appendTime());
            }
            last.put(id, version);
        }
        return out;
    }

    private String subscribe(Instant from, Instant to, String speed, String filters) {
        return "{\"type\":\"subscribe\",\"channel\":\"replay\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"speed\":" + speed
                + (filters == null ? "" : ",\"filters\":" + filters) + "}";
    }

    /** What one replay sent until its status said {@code state}: the snapshot, then the updates. */
    private record Replayed(JsonNode snapshot, List<JsonNode> updates, JsonNode status, List<JsonNode> others) {

        Map<String, Long> picture() {
            Map<String, Long> picture = new TreeMap<>();
            snapshot.path("data").path("features").forEach(f -> picture.put(f.path("id").asString(),
                    f.path("reconciliation").path("version").asLong()));
            return picture;
        }

        List<String> versions() {
            return updates.stream().map(u -> u.path("data").path("id").asString() + " v"
                    + u.path("data").path("reconciliation").path("version").asLong() + " "
                    + u.path("replay").path("append_time").asString()).toList();
        }

        List<JsonNode> shown() {
            List<JsonNode> all = new ArrayList<>();
            snapshot.path("data").path("features").forEach(all::add);
            updates.forEach(u -> all.add(u.path("data")));
            return all;
        }
    }

    /** Reads one replay's snapshot and updates up to a status with {@code state}; messages of other channels are kept apart. */
    private static Replayed read(TestConsole console, String state) {
        JsonNode snapshot = null;
        List<JsonNode> updates = new ArrayList<>();
        List<JsonNode> others = new ArrayList<>();
        while (true) {
            JsonNode m = console.next();
            String type = m.path("type").asString();
            if (type.equals("replay.status") && m.path("data").path("state").asString().equals(state) && snapshot != null) {
                return new Replayed(snapshot, updates, m, others);
            }
            if (!m.path("channel").asString().equals("replay")) {
                if (!type.equals("replay.status")) {
                    others.add(m);
                }
                continue;
            }
            if (type.equals("snapshot")) {
                snapshot = m;
            } else if (type.equals("update")) {
                updates.add(m);
            }
        }
    }

    @Test
    @Order(1)
    void playsThePictureAtFromThenEveryVersionInOrderAndSeeksToThePictureAtAnInstant() {
        Instant from = base.plusSeconds(5);
        Instant to = base.plusSeconds(45);
        try (TestConsole eoc = TestConsole.authenticated(edge.ws(), Tokens.of("oes", "eoc"))) {
            eoc.subscribeForSnapshot("alerts", "{\"agencies\":[\"live\"]}");
            eoc.send(subscribe(from, to, "\"max\"", null));
            JsonNode subscribed = eoc.expect("subscribed");
            assertThat(subscribed.path("channel").asString()).isEqualTo("replay");
            assertThat(eoc.expect("replay.status").path("data").path("state").asString()).isEqualTo("playing");

            Replayed played = read(eoc, "ended");
            assertThat(Instant.parse(played.snapshot().path("replay").path("instant").asString())).isEqualTo(from);
            assertThat(played.picture()).as("the picture as known at from").isEqualTo(pictureAt(from));
            assertThat(played.versions()).as("every later version, in append order").isEqualTo(versionsBetween(from, to));
            for (JsonNode u : played.updates()) {
                Instant appended = Instant.parse(u.path("replay").path("append_time").asString());
                assertThat(u.path("replay").path("instant").asString()).isEqualTo(u.path("replay").path("append_time").asString());
                assertThat(Instant.parse(u.path("replay").path("event_time").asString())).isEqualTo(appended.minusMillis(250));
            }
            assertThat(played.updates().stream().filter(u -> u.path("data").path("id").asString().equals("RT-2"))
                    .map(u -> u.path("diff_type").asString())).containsExactly("delete");
            assertThat(Instant.parse(played.status().path("data").path("instant").asString())).isEqualTo(to);

            // A live alert arrives while the replay is open.
            live.write(Incidents.incident("RT-LIVE", 1, DiffType.CREATE, List.of("live"), List.of("j-live"), "fire", "critical", 1, 1));
            JsonNode alert = eoc.until(m -> m.path("type").asString().equals("update") && m.path("channel").asString().equals("alerts"));
            assertThat(alert.path("data").path("id").asString()).isEqualTo("RT-LIVE");

            for (int second : List.of(21, 5, 30, 45)) {
                Instant at = base.plusSeconds(second);
                eoc.send("{\"type\":\"seek\",\"at\":\"" + at + "\"}");
                Replayed sought = read(eoc, "ended");
                assertThat(sought.picture()).as("the picture after a seek to +%d s", second).isEqualTo(pictureAt(at));
                assertThat(sought.versions()).as("then the versions after it").isEqualTo(versionsBetween(at, to));
            }
        }
    }

    @Test
    @Order(2)
    void anAgencysReplayHoldsOnlyWhatItMaySee() {
        Instant from = base;
        Instant to = base.plusSeconds(60);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alpha", Tokens.of("alpha", "analyst"));
        tokens.put("bravo", Tokens.of("bravo", "supervisor"));
        tokens.put("charlie", Tokens.of("charlie", "analyst"));
        tokens.put("zulu", Tokens.of("zulu", "analyst"));
        Map<String, Set<String>> expected = Map.of(
                "alpha", Set.of("RT-1", "RT-5", "RT-6"),
                "bravo", Set.of("RT-1", "RT-2", "RT-3", "RT-6"),
                "charlie", Set.of("RT-3", "RT-4"),
                "zulu", Set.of("RT-5"));
        for (var e : tokens.entrySet()) {
            String agency = e.getKey();
            try (TestConsole console = TestConsole.authenticated(edge.ws(), e.getValue())) {
                console.send(subscribe(from, to, "\"max\"", null));
                Replayed played = read(console, "ended");
                Set<String> ids = new TreeSet<>();
                for (JsonNode shown : played.shown()) {
                    assertThat(AccessOracle.entitled(agency, false, shown)).as("%s was shown %s v%s", agency,
                            shown.path("id").asString(), shown.path("reconciliation").path("version").asLong()).isTrue();
                    ids.add(shown.path("id").asString());
                }
                assertThat(ids).as(agency).isEqualTo(expected.get(agency));
                if (agency.equals("alpha")) {
                    // RT-5 left alpha's jurisdiction: the delete carries the state alpha was entitled to.
                    JsonNode delete = played.updates().stream().filter(u -> u.path("data").path("id").asString().equals("RT-5"))
                            .reduce((a, b) -> b).orElseThrow();
                    assertThat(delete.path("diff_type").asString()).isEqualTo("delete");
                    assertThat(delete.path("data").path("reconciliation").path("version").asLong()).isEqualTo(1);
                }
                if (agency.equals("bravo")) {
                    // RT-1 came into bravo's jurisdiction at version 3: a create.
                    JsonNode create = played.updates().stream().filter(u -> u.path("data").path("id").asString().equals("RT-1"))
                            .findFirst().orElseThrow();
                    assertThat(create.path("diff_type").asString()).isEqualTo("create");
                    assertThat(create.path("data").path("reconciliation").path("version").asLong()).isEqualTo(3);
                }
                console.send("{\"type\":\"unsubscribe\",\"channel\":\"replay\"}");
                console.until(m -> m.path("type").asString().equals("unsubscribed"));
            }
        }
        // Filters narrow an agency's replay further, and may name only agencies it could see.
        try (TestConsole bravo = TestConsole.authenticated(edge.ws(), Tokens.of("bravo", "analyst"))) {
            bravo.send(subscribe(from, to, "\"max\"", "{\"incident_types\":[\"fire\"]}"));
            Set<String> ids = new TreeSet<>();
            read(bravo, "ended").shown().forEach(f -> ids.add(f.path("id").asString()));
            assertThat(ids).isEqualTo(Set.of("RT-1", "RT-3"));
            bravo.send("{\"type\":\"unsubscribe\",\"channel\":\"replay\"}");
            bravo.until(m -> m.path("type").asString().equals("unsubscribed"));
        }
        try (TestConsole charlie = TestConsole.authenticated(edge.ws(), Tokens.of("charlie", "analyst"))) {
            charlie.send(subscribe(from, to, "\"max\"", "{\"agencies\":[\"alpha\"]}"));
            charlie.expectError("FORBIDDEN");
        }
    }

    @Test
    @Order(3)
    void eachBadInputGetsItsCodeAndTheSessionGoesOn() {
        Instant now = Instant.now();
        try (TestConsole console = TestConsole.authenticated(edge.ws(), Tokens.of("oes", "eoc"));
             TestConsole dispatcher = TestConsole.authenticated(edge.ws(), Tokens.dispatcher("alpha"))) {
            console.subscribeForSnapshot("incidents", "{\"agencies\":[\"live2\"]}");

            console.send("{\"type\":\"pause\"}");
            console.expectError("REPLAY_NOT_ACTIVE");
            console.send("{\"type\":\"seek\",\"at\":\"" + base + "\"}");
            console.expectError("REPLAY_NOT_ACTIVE");
            console.send(subscribe(base.plusSeconds(30), base, "1", null));
            assertThat(console.expectError("REPLAY_INVALID").path("error").path("details").path("field").asString()).isEqualTo("to");
            console.send(subscribe(base, base.plusSeconds(30), "250", null));
            assertThat(console.expectError("REPLAY_INVALID").path("error").path("details").path("field").asString()).isEqualTo("speed");
            console.send(subscribe(base, base.plusSeconds(30), "0.1", null));
            console.expectError("REPLAY_INVALID");
            console.send(subscribe(now.plusSeconds(3600), now.plusSeconds(7200), "1", null));
            console.expectError("REPLAY_INVALID");
            console.send(subscribe(now.minus(Duration.ofHours(7)), now, "1", null));
            assertThat(console.expectError("REPLAY_INVALID").path("error").path("message").asString()).contains("longer than");
            console.send("{\"type\":\"subscribe\",\"channel\":\"replay\",\"from\":\"" + base + "\"}");
            console.expectError("INVALID_MESSAGE");
            dispatcher.send(subscribe(base, base.plusSeconds(30), "1", null));
            dispatcher.expectError("FORBIDDEN");

            // The edge's limit (3 here): a fourth replay is refused until one ends.
            List<TestConsole> others = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    TestConsole other = TestConsole.authenticated(edge.ws(), Tokens.of("oes", "eoc"));
                    others.add(other);
                    other.send(subscribe(base, base.plusSeconds(60), "0.5", null));
                    if (i < 3) {
                        other.expect("subscribed");
                    } else {
                        assertThat(other.expectError("REPLAY_LIMIT").path("error").path("details").path("scope").asString())
                                .isEqualTo("edge");
                    }
                }
                others.get(0).send("{\"type\":\"unsubscribe\",\"channel\":\"replay\"}");
                others.get(0).until(m -> m.path("type").asString().equals("unsubscribed"));
                others.get(3).send(subscribe(base, base.plusSeconds(60), "0.5", null));
                others.get(3).expect("subscribed");
                for (TestConsole other : others) {
                    other.send("{\"type\":\"unsubscribe\",\"channel\":\"replay\"}");
                    other.until(m -> m.path("type").asString().equals("unsubscribed"));
                }
            } finally {
                others.forEach(TestConsole::close);
            }

            // One replay per session; a control out of range; a seek outside the window.
            console.send(subscribe(base, base.plusSeconds(60), "1", null));
            console.expect("subscribed");
            console.send("{\"type\":\"pause\"}");
            console.until(m -> m.path("type").asString().equals("replay.status") && m.path("data").path("state").asString().equals("paused"));
            console.send(subscribe(base, base.plusSeconds(60), "1", null));
            assertThat(console.expectError("REPLAY_LIMIT").path("error").path("details").path("scope").asString()).isEqualTo("session");
            console.send("{\"type\":\"speed\",\"speed\":1000}");
            console.expectError("REPLAY_INVALID");
            console.send("{\"type\":\"seek\",\"at\":\"" + base.plusSeconds(61) + "\"}");
            assertThat(console.expectError("REPLAY_INVALID").path("error").path("details").path("field").asString()).isEqualTo("at");

            // Paused, the replay closes after the idle timeout (3 s here); controls then have no replay.
            JsonNode closed = console.until(m -> m.path("type").asString().equals("replay.status")
                    && m.path("data").path("state").asString().equals("closed"));
            assertThat(closed.path("data").path("reason").asString()).isEqualTo("idle");
            console.send("{\"type\":\"resume\"}");
            console.expectError("REPLAY_NOT_ACTIVE");

            // The session went on through all of it: pings answered, live updates delivered.
            console.send("{\"type\":\"ping\"}");
            console.expect("pong");
            live.write(Incidents.incident("RT-LIVE-2", 1, DiffType.CREATE, List.of("live2"), List.of("j-live"), "fire", "minor", 1, 1));
            assertThat(console.until(m -> m.path("type").asString().equals("update")).path("data").path("id").asString())
                    .isEqualTo("RT-LIVE-2");
        }
    }

    @Test
    @Order(4)
    void aConsoleThatStopsReadingSlowsItsReplayDownAndLosesNothing() throws Exception {
        Instant from = base.plusSeconds(99);
        Instant to = base.plusSeconds(110);
        try (TestConsole console = TestConsole.authenticated(edge.ws(), Tokens.of("oes", "eoc"))) {
            console.subscribeForSnapshot("incidents", "{\"agencies\":[\"live3\"]}");
            console.pause();
            console.send(subscribe(from, to, "\"max\"", null));
            Thread.sleep(3000); // the replay fills the socket's buffers, then waits for the console
            live.write(Incidents.incident("RT-LIVE-3", 1, DiffType.CREATE, List.of("live3"), List.of("j-live"), "fire", "minor", 1, 1));
            Thread.sleep(1000);
            console.resume();
            Replayed played = read(console, "ended");
            assertThat(played.versions()).as("every version, in order, none merged").isEqualTo(versionsBetween(from, to));
            assertThat(played.versions()).hasSize(BIG_VERSIONS);
            JsonNode liveUpdate = played.others().stream().filter(m -> m.path("type").asString().equals("update")).findFirst()
                    .orElseGet(() -> console.until(m -> m.path("type").asString().equals("update")
                            && m.path("channel").asString().equals("incidents")));
            assertThat(liveUpdate.path("data").path("id").asString()).isEqualTo("RT-LIVE-3");
            assertThat(console.isClosed()).as("the live session goes on").isFalse();
        }
    }

    @Test
    @Order(5)
    void aWindowOlderThanTheHistoryHoldsIsRefusedWithTheOldestInstant() throws Exception {
        // Delete the first records of the partition that holds RT-1's versions: the history is exact only from its first kept record.
        TopicPartition partition = null;
        long keepFrom = 1;
        try (Admin admin = kafka.admin()) {
            for (int p = 0; p < 3 && partition == null; p++) {
                var tp = new TopicPartition(historyTopic, p);
                long end = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().get(tp).offset();
                if (end >= 2) {
                    partition = tp;
                }
            }
            assertThat(partition).as("a partition with two records").isNotNull();
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(keepFrom))).all().get();
        }
        try (TestConsole console = TestConsole.authenticated(edge.ws(), Tokens.of("oes", "eoc"))) {
            console.send(subscribe(base, base.plusSeconds(60), "1", null));
            JsonNode error = console.expectError("REPLAY_UNAVAILABLE");
            Instant oldest = Instant.parse(error.path("error").path("details").path("oldest_available").asString());
            assertThat(oldest).isAfter(base);
            console.send(subscribe(oldest, base.plusSeconds(200), "\"max\"", null));
            console.expect("subscribed");
            console.send("{\"type\":\"ping\"}");
            console.until(m -> m.path("type").asString().equals("pong"));
        }
    }
}
