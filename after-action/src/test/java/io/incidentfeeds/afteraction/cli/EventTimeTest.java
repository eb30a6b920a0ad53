package io.incidentfeeds.afteraction.cli;

import static io.incidentfeeds.afteraction.cli.LateEdits.picture;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.testsupport.WithKafka;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code as-of --event-time T [--horizon H]} on {@link LateEdits}' crafted edits. The picture holds the
 * edits stamped by T, their causal past whatever its stamps, and only what had been appended by the
 * horizon.
 */
@WithKafka
class EventTimeTest {

    private static LateEdits story;

    @BeforeAll
    static void story(KafkaBroker kafka) throws Exception {
        story = LateEdits.shared(kafka);
    }

    @Test
    void theEditsStampedByTheInstantAndTheirCausalPastAmongThoseReceivedByTheHorizon() {
        ReviewScenario.Run run = story.asOf("--event-time", story.at(6), "--horizon", story.at(30));
        Map<String, ReconciledIncident> picture = picture(run);
        assertThat(picture).as("ngfire's edit, received at B+2, is stamped B+8").containsOnlyKeys("INC-EVT-1");
        ReconciledIncident fire = picture.get("INC-EVT-1");
        assertThat(fire.property("status")).as("sffd's edit stamped B+5").isEqualTo("contained");
        assertThat(fire.property("severity")).as("smcfire's, stamped B+10, in sffd's causal past").isEqualTo("moderate");
        assertThat(fire.reconciliation().clock()).containsExactlyInAnyOrderEntriesOf(Map.of("sffd", 2L, "smcfire", 1L));
        assertThat(run.err()).as("four raw records appended by the horizon").contains("4 raw records read, 0 refused, 2 edits stamped by then and 1 more as their causal past, "
                + "1 incidents (0 deleted), 1 shown");
    }

    @Test
    void aLateArrivalMadeBeforeTheInstantCountsOnceTheHorizonReachesIt() {
        assertThat(picture(story.asOf("--event-time", story.at(6), "--horizon", story.at(45)))).containsOnlyKeys("INC-EVT-1", "INC-EVT-2");
        Map<String, ReconciledIncident> byNow = picture(story.asOf("--event-time", story.at(6)));
        assertThat(byNow).containsOnlyKeys("INC-EVT-1", "INC-EVT-2");
        assertThat(byNow.get("INC-EVT-1").property("severity")).as("sffd's B+50 edit is after the instant").isEqualTo("moderate");
        assertThat(picture(story.asOf("--event-time", story.at(60))).get("INC-EVT-1").property("severity")).isEqualTo("critical");
    }

    @Test
    void withoutTheCausalPastAnInstantBeforeEveryEditIsEmpty() {
        ReviewScenario.Run run = story.asOf("--event-time", story.at(-1));
        assertThat(picture(run)).isEmpty();
        assertThat(run.err()).contains("0 edits stamped by then and 0 more as their causal past");
    }

    @Test
    void badCombinationsAreUsageErrorsAndAnInvertedHorizonABadWindow() {
        ReviewScenario.Run both = story.asOf("--event-time", story.at(6), "--known-at", story.at(6));
        assertThat(both.err()).isEqualTo("after-action: give one of --known-at, --event-time and --learned-late\n");
        assertThat(both.status()).isEqualTo(2);
        ReviewScenario.Run horizonAlone = story.asOf("--known-at", story.at(6), "--horizon", story.at(30));
        assertThat(horizonAlone.status()).isEqualTo(2);
        assertThat(horizonAlone.err()).isEqualTo("after-action: --horizon goes with --event-time or --learned-late\n");
        ReviewScenario.Run inverted = story.asOf("--event-time", story.at(30), "--horizon", story.at(6));
        assertThat(inverted.status()).isEqualTo(3);
        assertThat(inverted.err()).startsWith("after-action: the instants are inverted: --horizon ");
    }
}
