package io.incidentfeeds.processor.reconcile;

import static io.incidentfeeds.processor.reconcile.ReconcileScenario.edit;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.reconciled.ConflictSummary;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.Dot;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sffd and smcfire (mutual aid) edit the same fire; what the consoles and the EOC end up seeing. */
class ReconciliationScenariosTest {

    private final ReconcileScenario scenario = new ReconcileScenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void theFirstEditCreatesTheIncident() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749).severity("moderate"));

        ReconciledIncident created = scenario.latest();
        assertThat(created.reconciliation().version()).isEqualTo(1);
        assertThat(created.reconciliation().diffType()).isEqualTo(DiffType.CREATE);
        assertThat(created.property("status")).isEqualTo("active");
        assertThat(created.property("incident_type")).as("filled from the MQTT topic").isEqualTo("fire");
        assertThat(created.reconciliation().jurisdictions()).containsExactly("sf-county");
        assertThat(created.reconciliation().agencies()).containsExactly("sffd");
        assertThat(created.reconciliation().clock()).containsExactly(Map.entry("sffd", 1L));
        assertThat(created.bbox()).containsExactly(-122.4194, 37.7749, -122.4194, 37.7749);
    }

    @Test
    void oneAgencyMovesTheFireWhileTheOtherContainsItAndBothChangesSurviveWithoutAConflict() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749));
        scenario.publish(edit("smcfire", 1, "2026-11-22T10:31:00Z").saw("sffd", 1).severity("moderate"));
        scenario.reconciled();
        // Concurrent: neither has seen the other's next edit. sffd's carries the status it saw, "active".
        scenario.publish(edit("sffd", 2, "2026-11-22T10:32:00Z").saw("smcfire", 1).point(-122.4180, 37.7760));
        scenario.publish(edit("smcfire", 2, "2026-11-22T10:32:30Z").saw("sffd", 1).status("contained"));

        ReconciledIncident merged = scenario.latest();
        assertThat(merged.property("status")).isEqualTo("contained");
        assertThat(merged.geometry().path("coordinates").get(0).asDouble()).isEqualTo(-122.4180);
        assertThat(merged.property("severity")).isEqualTo("moderate");
        assertThat(merged.reconciliation().conflicts()).isEmpty();
        assertThat(merged.reconciliation().clock()).containsEntry("sffd", 2L).containsEntry("smcfire", 2L);
        assertThat(scenario.conflicts()).isEmpty();
    }

    @Test
    void bothAgenciesChangeTheSeverityAtOnceAndTheConflictIsRecordedWithTheLatestWriteKept() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749).severity("moderate"));
        scenario.publish(edit("sffd", 2, "2026-11-22T10:33:00Z").severity("critical"));
        scenario.publish(edit("smcfire", 1, "2026-11-22T10:34:00Z").saw("sffd", 1).severity("severe"));

        ReconciledIncident state = scenario.latest();
        assertThat(state.property("severity")).as("the later of the two").isEqualTo("severe");
        assertThat(state.reconciliation().conflicts())
                .containsExactly(new ConflictSummary("severity", new Dot("smcfire", 1), new Dot("sffd", 2)));
        List<ConflictRecord> conflicts = scenario.conflicts();
        assertThat(conflicts).hasSize(1);
        ConflictRecord conflict = conflicts.get(0);
        assertThat(conflict.field()).isEqualTo("severity");
        assertThat(conflict.kept()).isEqualTo(new Dot("smcfire", 1));
        assertThat(conflict.competing()).extracting(c -> c.agencyId() + ":" + c.sequenceNumber() + "=" + c.value().asString())
                .containsExactly("sffd:2=critical", "smcfire:1=severe");
        assertThat(conflict.version()).isEqualTo(state.reconciliation().version());
        assertThat(conflict.eventTime()).isEqualTo(Instant.parse("2026-11-22T10:34:00Z"));

        // An edit that has seen both settles it, and the conflict leaves the incident.
        scenario.publish(edit("sffd", 3, "2026-11-22T10:35:00Z").saw("smcfire", 1).severity("critical"));
        ReconciledIncident resolved = scenario.latest();
        assertThat(resolved.property("severity")).isEqualTo("critical");
        assertThat(resolved.reconciliation().conflicts()).isEmpty();
        assertThat(scenario.conflicts()).as("a resolution is not a new conflict").isEmpty();
    }

    @Test
    void concurrentWritesMadeAtTheSameInstantAreDecidedByAgencyOrderWhicheverArrivesFirst() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749));
        scenario.publish(edit("smcfire", 1, "2026-11-22T10:34:00Z").saw("sffd", 1).severity("severe"));
        scenario.publish(edit("sffd", 2, "2026-11-22T10:34:00Z").severity("critical"));

        ReconciledIncident state = scenario.latest();
        assertThat(state.property("severity")).as("sffd sorts before smcfire").isEqualTo("critical");
        assertThat(scenario.conflicts()).extracting(ConflictRecord::kept).containsExactly(new Dot("sffd", 2));
    }

    @Test
    void anOldEditArrivingAfterANewerOneChangesNothingAndEmitsNothing() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749));
        scenario.publish(edit("sffd", 3, "2026-11-22T10:32:00Z").status("contained").point(-122.41, 37.78));
        scenario.reconciled();

        scenario.publish(edit("sffd", 2, "2026-11-22T10:31:00Z").status("active").point(-122.40, 37.70));

        assertThat(scenario.reconciled()).isEmpty();
        assertThat(scenario.conflicts()).isEmpty();
        assertThat(scenario.counter("incidentfeeds.reconcile.unchanged")).isEqualTo(1.0);
    }

    @Test
    void anOldEditStillWritesTheFieldsNoNewerEditWrote() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749));
        scenario.publish(edit("sffd", 3, "2026-11-22T10:32:00Z").point(-122.41, 37.78));
        scenario.reconciled();

        scenario.publish(edit("sffd", 2, "2026-11-22T10:31:00Z").point(-122.40, 37.70).severity("minor"));

        ReconciledIncident state = scenario.latest();
        assertThat(state.property("severity")).as("nothing newer wrote the severity").isEqualTo("minor");
        assertThat(state.geometry().path("coordinates").get(0).asDouble()).as("sffd:3's geometry stays").isEqualTo(-122.41);
    }

    @Test
    void anEditThatArrivesBeforeWhatItHadSeenIsJudgedOnceItsPastArrives() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749));
        // smcfire saw sffd:2 (which set "contained"); its edit, carrying "contained", overtakes sffd:2.
        scenario.publish(edit("smcfire", 1, "2026-11-22T10:33:00Z").saw("sffd", 2).status("contained").severity("severe"));
        assertThat(scenario.latest().property("status")).as("until sffd:2 is here, contained looks like a change").isEqualTo("contained");

        scenario.publish(edit("sffd", 2, "2026-11-22T10:31:00Z").status("contained"));

        // Now smcfire's "contained" is known to repeat what it saw: one write of the status, no conflict.
        assertThat(scenario.reconciled()).isEmpty();
        scenario.publish(edit("sffd", 3, "2026-11-22T10:35:00Z").status("resolved"));
        ReconciledIncident state = scenario.latest();
        assertThat(state.property("status")).as("sffd:3 follows the only status write, sffd:2").isEqualTo("resolved");
        assertThat(state.reconciliation().conflicts()).isEmpty();
    }

    @Test
    void aDeletedIncidentStaysDeletedWhenALateStaleEditArrives() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749));
        scenario.publish(edit("smcfire", 1, "2026-11-22T10:31:00Z").saw("sffd", 1).severity("minor"));
        // sffd deletes, having seen smcfire's second edit, which has not reached us yet.
        scenario.publish(edit("sffd", 2, "2026-11-22T10:35:00Z").saw("smcfire", 2).delete());
        ReconciledIncident deleted = scenario.latest();
        assertThat(deleted.reconciliation().diffType()).isEqualTo(DiffType.DELETE);

        scenario.publish(edit("smcfire", 2, "2026-11-22T10:32:00Z").saw("sffd", 1).severity("severe"));

        assertThat(scenario.reconciled()).isEmpty();
        assertThat(scenario.conflicts()).isEmpty();
    }

    @Test
    void anEditThatHasSeenTheDeleteBringsTheIncidentBackWithItsFields() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749).severity("moderate"));
        scenario.publish(edit("sffd", 2, "2026-11-22T10:35:00Z").delete());
        scenario.reconciled();

        scenario.publish(edit("smcfire", 1, "2026-11-22T10:40:00Z").saw("sffd", 2).status("active"));

        ReconciledIncident back = scenario.latest();
        assertThat(back.reconciliation().diffType()).isEqualTo(DiffType.CREATE);
        assertThat(back.reconciliation().version()).as("versions go on").isEqualTo(3);
        assertThat(back.property("severity")).isEqualTo("moderate");
    }

    @Test
    void aDeleteConcurrentWithAnEditIsAConflictOnDeletionAndTheLaterWins() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749));
        scenario.publish(edit("sffd", 2, "2026-11-22T10:36:00Z").delete());
        assertThat(scenario.latest().reconciliation().diffType()).isEqualTo(DiffType.DELETE);

        // smcfire had not seen the delete; its edit is later, so the incident stays on the map.
        scenario.publish(edit("smcfire", 1, "2026-11-22T10:37:00Z").saw("sffd", 1).severity("severe"));

        ReconciledIncident state = scenario.latest();
        assertThat(state.reconciliation().diffType()).isEqualTo(DiffType.CREATE);
        assertThat(state.reconciliation().conflicts())
                .containsExactly(new ConflictSummary("deleted", new Dot("smcfire", 1), new Dot("sffd", 2)));
        ConflictRecord conflict = scenario.conflicts().get(0);
        assertThat(conflict.field()).isEqualTo("deleted");
        assertThat(conflict.competing()).extracting(c -> c.value().asBoolean()).containsExactly(true, false);
    }

    @Test
    void aRedeliveredEditChangesNothingAndIsCounted() {
        ReconcileScenario.EditMessage first = edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749);
        scenario.publish(first);
        assertThat(scenario.reconciled()).hasSize(1);

        scenario.publish(first);

        assertThat(scenario.reconciled()).isEmpty();
        assertThat(scenario.duplicates()).isEqualTo(1.0);
    }

    @Test
    void versionsRunOneTwoThreeWithEveryVisibleChangeAndOnlyThen() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749));
        scenario.publish(edit("sffd", 2, "2026-11-22T10:31:00Z").status("contained"));
        scenario.publish(edit("sffd", 3, "2026-11-22T10:32:00Z").status("contained")); // repeats: no version
        scenario.publish(edit("sffd", 4, "2026-11-22T10:33:00Z").status("resolved"));

        assertThat(scenario.reconciled()).extracting(i -> i.reconciliation().version() + " " + i.property("status"))
                .containsExactly("1 active", "2 contained", "3 resolved");
    }

    @Test
    void anAttributeSentAsNullIsRemoved() {
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").attribute("units", "[\"E1\",\"T2\"]"));
        assertThat(scenario.latest().properties()).containsKey("units");

        scenario.publish(edit("sffd", 2, "2026-11-22T10:31:00Z").attribute("units", "null"));

        assertThat(scenario.latest().properties()).doesNotContainKey("units");
    }

    @Test
    void aSenderThatRepeatsAnOptionalFieldItDidNotChangeConflictsWithAConcurrentChange() {
        // The limit of sending the whole picture: severity is optional, so carrying it is writing it.
        scenario.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").severity("moderate"));
        scenario.publish(edit("smcfire", 1, "2026-11-22T10:31:00Z").saw("sffd", 1).severity("moderate").point(-122.41, 37.78));
        scenario.publish(edit("sffd", 2, "2026-11-22T10:30:30Z").severity("critical"));

        ReconciledIncident state = scenario.latest();
        assertThat(state.property("severity")).as("smcfire's repeat is later").isEqualTo("moderate");
        assertThat(state.reconciliation().conflicts()).extracting(ConflictSummary::field).containsExactly("severity");
    }

    @Test
    void aDeletedIncidentIsForgottenAfterTheRetentionWithATombstoneOnTheCompactedTopic() {
        try (ReconcileScenario shortMemory = new ReconcileScenario(
                Map.of("reconciliation.tombstone.retention", "PT1H", "reconciliation.tombstone.scan-interval", "PT1M"),
                ReconcileScenario.INGEST)) {
            Instant t0 = ReconcileScenario.INGEST;
            shortMemory.publish(edit("sffd", 1, "2026-11-22T10:30:00Z").point(-122.4194, 37.7749), t0);
            shortMemory.publish(edit("sffd", 2, "2026-11-22T10:35:00Z").delete(), t0.plusSeconds(60));
            assertThat(shortMemory.reconciled()).extracting(i -> i.reconciliation().diffType())
                    .containsExactly(DiffType.CREATE, DiffType.DELETE);

            // Another incident's edit moves stream time past the retention.
            ReconcileScenario.EditMessage other = new ReconcileScenario.EditMessage("INC-2026-0101", "sffd", 1, "2026-11-22T11:40:00Z");
            shortMemory.publish(other, t0.plus(Duration.ofMinutes(62)));

            List<TestRecord<String, byte[]>> records = shortMemory.reconciledRecords();
            // Two keys, so their order is not the point (the punctuation that forgets runs once the
            // record that moved stream time has been processed).
            assertThat(records).extracting(TestRecord::key).containsExactlyInAnyOrder(ReconcileScenario.INCIDENT, "INC-2026-0101");
            assertThat(records).filteredOn(r -> r.key().equals(ReconcileScenario.INCIDENT)).singleElement()
                    .extracting(TestRecord::value).as("the compaction tombstone").isNull();
            assertThat(shortMemory.counter("incidentfeeds.reconcile.forgotten")).isEqualTo(1.0);

            // Forgotten: an edit the delete followed now starts the incident afresh (hence the long default).
            shortMemory.publish(edit("sffd", 1, "2026-11-22T10:30:00Z"), t0.plus(Duration.ofMinutes(63)));
            assertThat(shortMemory.latest().reconciliation().version()).isEqualTo(1);
        }
    }
}
