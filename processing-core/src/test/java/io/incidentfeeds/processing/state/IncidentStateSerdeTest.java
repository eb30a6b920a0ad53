package io.incidentfeeds.processing.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.processing.reconcile.Edit;
import io.incidentfeeds.processing.reconcile.FieldWrite;
import io.incidentfeeds.processing.reconcile.IncidentState;
import io.incidentfeeds.processing.reconcile.MergedView;
import io.incidentfeeds.processing.reconcile.Reconciler;
import io.incidentfeeds.processing.reconcile.VectorClock;
import io.incidentfeeds.schemas.reconciled.Dot;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The store's format: read back as written, older formats still read, damage refused with a clear error. */
class IncidentStateSerdeTest {

    /**
     * {@code incident-state-format-1.bin} was written by the processor's format 1
     * for {@link #fortyEditsOfOneIncident()}, the deletion index then set to 1234. An upgraded
     * processor must read it as the state it was.
     */
    @Test
    void aStateStoredByTheFirstFormatIsReadAsTheSameState() throws IOException {
        IncidentState replayed = fortyEditsOfOneIncident();
        replayed.deletedSince(1234);
        byte[] format1;
        try (InputStream in = getClass().getResourceAsStream("/reconcile/incident-state-format-1.bin")) {
            format1 = in.readAllBytes();
        }

        assertReadAsTheSameStateButItsLargestEditTimestamp(format1, replayed);
    }

    /**
     * {@code incident-state-format-2.bin} was written by format 2 (the last before the largest edit
     * timestamp was kept) for the same state: the changelogs and checkpoints of a running deployment
     * hold such states.
     */
    @Test
    void aStateStoredByTheSecondFormatIsReadAsTheSameState() throws IOException {
        IncidentState replayed = fortyEditsOfOneIncident();
        replayed.deletedSince(1234);
        byte[] format2;
        try (InputStream in = getClass().getResourceAsStream("/reconcile/incident-state-format-2.bin")) {
            format2 = in.readAllBytes();
        }
        assertThat(format2[0]).isEqualTo((byte) 2);

        assertReadAsTheSameStateButItsLargestEditTimestamp(format2, replayed);
    }

    /**
     * An older format did not keep the largest edit timestamp: the state read says it is unknown (the
     * largest instant, never too low), keeps saying so once written again in the current format and after
     * a later edit, and everything else is the state replayed.
     */
    private static void assertReadAsTheSameStateButItsLargestEditTimestamp(byte[] older, IncidentState replayed) {
        IncidentState read = IncidentStateSerde.fromBytes(older);

        assertThat(read.maxEditTimestamp()).isEqualTo(IncidentState.UNKNOWN_EDIT_TIMESTAMP);
        assertThat(IncidentStateSerde.maxEditTimestamp(older)).isEqualTo(IncidentState.UNKNOWN_EDIT_TIMESTAMP);
        byte[] rewritten = IncidentStateSerde.toBytes(read);
        assertThat(IncidentStateSerde.maxEditTimestamp(rewritten)).isEqualTo(IncidentState.UNKNOWN_EDIT_TIMESTAMP);
        assertThat(withoutMaxEditTimestamp(rewritten)).isEqualTo(withoutMaxEditTimestamp(IncidentStateSerde.toBytes(replayed)));
        assertThat(MergedView.of(read)).isEqualTo(MergedView.of(replayed));
        assertThat(read.version()).isEqualTo(replayed.version()).isPositive();
        new Reconciler().apply(read, later());
        assertThat(read.maxEditTimestamp()).as("still unknown after a later edit").isEqualTo(IncidentState.UNKNOWN_EDIT_TIMESTAMP);
    }

    @Test
    void theLargestEditTimestampCountsEveryEditAppliedAndNoDuplicate() {
        Reconciler reconciler = new Reconciler();
        IncidentState state = new IncidentState();
        assertThat(state.maxEditTimestamp()).isEqualTo(IncidentState.NO_EDIT);
        assertThat(IncidentStateSerde.maxEditTimestamp(IncidentStateSerde.toBytes(state))).isEqualTo(IncidentState.NO_EDIT);
        Instant max = IncidentState.NO_EDIT;
        boolean unchangedSeen = false;
        for (Edit edit : fortyEdits()) {
            Reconciler.Applied applied = reconciler.apply(state, edit);
            unchangedSeen |= applied.kind() == Reconciler.Kind.UNCHANGED;
            max = edit.timestamp().isAfter(max) ? edit.timestamp() : max;
            assertThat(state.maxEditTimestamp()).isEqualTo(max);
            byte[] bytes = IncidentStateSerde.toBytes(state);
            assertThat(IncidentStateSerde.maxEditTimestamp(bytes)).isEqualTo(max);
            assertThat(IncidentStateSerde.fromBytes(bytes).maxEditTimestamp()).isEqualTo(max);
        }
        Edit late = later();
        reconciler.apply(state, late);
        assertThat(state.maxEditTimestamp()).isEqualTo(late.timestamp());
        Edit skewed = new Edit(late.incidentId(), new Dot("sffd", 999), late.clock(), Instant.parse("2026-11-22T07:00:00Z"), false,
                late.values(), null, late.source());
        reconciler.apply(state, skewed);
        assertThat(state.maxEditTimestamp()).as("an edit stamped earlier does not lower it").isEqualTo(late.timestamp());
        Edit redelivered = new Edit(late.incidentId(), late.dot(), late.clock(), late.timestamp().plusSeconds(3600), false,
                late.values(), null, late.source());
        assertThat(reconciler.apply(state, redelivered).kind()).isEqualTo(Reconciler.Kind.DUPLICATE);
        assertThat(state.maxEditTimestamp()).as("a duplicate is not applied").isEqualTo(late.timestamp());
        assertThat(unchangedSeen).as("some edit changed nothing consumers see, and still counted").isTrue();
    }

    /** An edit of {@link #fortyEdits()}' incident by a new agency, stamped after them all. */
    private static Edit later() {
        SortedMap<String, byte[]> values = new TreeMap<>();
        values.put("status", json("\"resolved\""));
        return new Edit("INC-FORMAT", new Dot("marin", 1), VectorClock.of(Map.of("marin", 1L)), Instant.parse("2026-11-22T09:00:00Z"),
                false, values, null, new SourcePosition("incidents.raw", 3, 99));
    }

    /** The bytes after the format byte and the largest edit timestamp: format 2's body. */
    private static byte[] withoutMaxEditTimestamp(byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        if (in.get() == 3) {
            VarintInput.readVarlong(in);
            VarintInput.readUnsignedVarint(in);
        }
        return Arrays.copyOfRange(bytes, in.position(), bytes.length);
    }

    @Test
    void aStateReadsBackAsItWasWritten() {
        IncidentState state = fortyEditsOfOneIncident();
        byte[] bytes = IncidentStateSerde.toBytes(state);

        assertThat(IncidentStateSerde.toBytes(IncidentStateSerde.fromBytes(bytes))).isEqualTo(bytes);
        assertThat(bytes[0]).as("the format").isEqualTo((byte) 3);
    }

    /**
     * A state held decoded keeps its fields' decisions between edits; one read from the store
     * decides them afresh. Edit by edit (some delivered twice), both must emit the same and be
     * stored alike: what was last emitted follows from the state alone.
     */
    @Test
    void anIncidentReadFromItsBytesBeforeEveryEditEmitsWhatOneHeldDecodedDoes() {
        Reconciler reconciler = new Reconciler();
        IncidentState held = new IncidentState();
        byte[] stored = IncidentStateSerde.toBytes(held);
        List<Edit> edits = fortyEdits();
        for (int i = 0; i < edits.size(); i++) {
            for (int delivery = 0; delivery < (i % 7 == 3 ? 2 : 1); delivery++) {
                IncidentState read = IncidentStateSerde.fromBytes(stored);
                Reconciler.Applied fromHeld = reconciler.apply(held, edits.get(i));
                Reconciler.Applied fromRead = reconciler.apply(read, edits.get(i));

                assertThat(fromRead.kind()).as("edit %d", i).isEqualTo(fromHeld.kind());
                assertThat(fromRead.reconciled()).as("edit %d", i).isEqualTo(fromHeld.reconciled());
                assertThat(fromRead.conflicts().stream().map(String::new).toList()).as("edit %d", i)
                        .isEqualTo(fromHeld.conflicts().stream().map(String::new).toList());
                stored = IncidentStateSerde.toBytes(read);
                assertThat(IncidentStateSerde.toBytes(held)).as("edit %d", i).isEqualTo(stored);
            }
        }
        assertThat(held.version()).isGreaterThan(20);
    }

    @Test
    void whatIsNotAStateIsRefusedAsSuch() {
        byte[] bytes = IncidentStateSerde.toBytes(fortyEditsOfOneIncident());

        assertThatThrownBy(() -> IncidentStateSerde.fromBytes(new byte[0])).isInstanceOf(StateFormatException.class);
        assertThatThrownBy(() -> IncidentStateSerde.fromBytes(new byte[] {9, 0, 0}))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("unknown incident state format 9");
        for (int cut : new int[] {1, bytes.length / 3, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> IncidentStateSerde.fromBytes(Arrays.copyOf(bytes, cut))).as("cut at %d", cut)
                    .isInstanceOf(StateFormatException.class).hasMessageContaining("not an incident state");
        }
        assertThatThrownBy(() -> IncidentStateSerde.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("after its end");
    }

    /**
     * 40 edits of one incident by three agencies, 40% of them made without the others' latest, one
     * of them a deletion, some carrying a severity, an attribute or a point. Built as {@link Edit}s
     * directly (a seeded history, no validation or normalization), so the fixture depends on
     * reconciliation and the store's format only.
     */
    static IncidentState fortyEditsOfOneIncident() {
        Reconciler reconciler = new Reconciler();
        IncidentState state = new IncidentState();
        fortyEdits().forEach(edit -> reconciler.apply(state, edit));
        return state;
    }

    /** The edits of {@link #fortyEditsOfOneIncident()}, in the order applied. */
    static List<Edit> fortyEdits() {
        Random random = new Random(11);
        List<String> agencies = List.of("calfire", "sffd", "smcfire");
        String[] statuses = {"active", "contained", "resolved"};
        String[] severities = {"minor", "moderate", "severe"};
        Map<String, Long> done = new TreeMap<>();
        Map<String, Map<String, Long>> seen = new TreeMap<>();
        Instant start = Instant.parse("2026-11-22T08:00:00Z");
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String agency = agencies.get(random.nextInt(agencies.size()));
            Map<String, Long> clock = seen.computeIfAbsent(agency, a -> new TreeMap<>());
            if (random.nextDouble() >= 0.4) {
                clock.putAll(done);
            }
            long sequence = done.getOrDefault(agency, 0L) + 1;
            clock.put(agency, sequence);
            done.put(agency, sequence);
            SortedMap<String, byte[]> values = new TreeMap<>();
            values.put("incident_type", json("\"fire\""));
            values.put("status", json("\"" + statuses[Math.min(2, i / 15)] + "\""));
            if (random.nextInt(3) == 0) {
                values.put("severity", json("\"" + severities[random.nextInt(severities.length)] + "\""));
            }
            if (random.nextInt(5) == 0) {
                values.put("units", json("[\"E" + i + "\",\"T2\"]"));
            }
            FieldWrite.GeometryExtras extras = null;
            if (random.nextInt(4) != 0) {
                double lon = -122.5 + random.nextInt(100_000) / 1e6;
                double lat = 37.7 + random.nextInt(100_000) / 1e6;
                values.put("geometry", json(String.format(Locale.ROOT, "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}", lon, lat)));
                extras = new FieldWrite.GeometryExtras(new double[] {lon, lat, lon, lat}, List.of("sf-county"));
            }
            edits.add(new Edit("INC-FORMAT", new Dot(agency, sequence), VectorClock.of(clock), start.plusSeconds(7L * i),
                    i == 30, values, extras, new SourcePosition("incidents.raw", 3, i)));
        }
        return edits;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
