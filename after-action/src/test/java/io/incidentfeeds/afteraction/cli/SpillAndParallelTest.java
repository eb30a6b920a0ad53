package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.testsupport.WithKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With a tiny memory bound (the timeline's sort in run files, the as-of's states in RocksDB) and the
 * partitions read by parallel threads, every command prints exactly what it prints in memory on one
 * thread, on a real broker: the scenario's three partitions (two of its three incidents share a task),
 * and the crafted story's one partition, whose three incidents share its task.
 */
@WithKafka
class SpillAndParallelTest {

    @Test
    void aTimelineSortedOnDiskByThreeThreadsIsTheOneSortedInMemoryByOne(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String to = TelemetryCodec.formatTimestamp(scenario.at(40));
        for (String format : List.of("ndjson", "geojson", "csv")) {
            ReviewScenario.Run inMemory = ReviewScenario.run(scenario.command("timeline", "--to", to, "--format", format, "--threads", "1"));
            ReviewScenario.Run onDisk = ReviewScenario.run(scenario.command("timeline", "--to", to, "--format", format, "--threads", "3",
                    "--memory", "1k"));
            assertThat(inMemory.status()).as(inMemory.err()).isZero();
            assertThat(onDisk.status()).as(onDisk.err()).isZero();
            assertThat(inMemory.err()).doesNotContain("spilled");
            assertThat(onDisk.err()).containsPattern("spilled: sorted in \\d+ runs on disk \\(--memory 1k\\)");
            assertThat(onDisk.out()).as(format).isEqualTo(inMemory.out());
            assertThat(inMemory.out().lines().count()).as(format).isGreaterThan(20);
        }
        ReviewScenario.Run filtered = ReviewScenario.run(scenario.command("timeline", "--to", to, "--as", "oakfd", "--memory", "1k"));
        assertThat(filtered.out()).isEqualTo(ReviewScenario.run(scenario.command("timeline", "--to", to, "--as", "oakfd")).out());
    }

    @Test
    void aKnownAtReplayedByThreeThreadsWithItsStatesOnDiskAgreesWithTheLiveVersions(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        for (int i : List.of(3, 8, 40)) {
            String at = TelemetryCodec.formatTimestamp(scenario.at(i));
            ReviewScenario.Run one = ReviewScenario.run(scenario.command("as-of", "--known-at", at, "--threads", "1", "--strict"));
            ReviewScenario.Run three = ReviewScenario.run(scenario.command("as-of", "--known-at", at, "--threads", "3", "--memory", "1",
                    "--strict"));
            assertThat(three.status()).as(three.err()).isZero();
            assertThat(three.out()).isEqualTo(one.out());
            assertThat(three.err()).contains("0 differ");
            assertThat(crossCheck(three)).as("the check streams the picture from disk").isEqualTo(crossCheck(one)).contains(" agree, 0 differ");
            if (i == 40) {
                assertThat(three.err()).as("two of the three incidents share a task").containsPattern("spilled: incident states written to disk \\d+ times");
            }
        }
    }

    @Test
    void anEventTimeAndALearnedLateWithTheirStatesOnDiskAreThoseInMemory(KafkaBroker kafka) throws Exception {
        LateEdits story = LateEdits.shared(kafka);
        List<List<String>> questions = List.of(List.of("--event-time", story.at(6)),
                List.of("--event-time", story.at(60)), List.of("--learned-late", story.at(6)));
        for (List<String> question : questions) {
            ReviewScenario.Run inMemory = story.asOf(question.toArray(String[]::new));
            List<String> tiny = new ArrayList<>(question);
            tiny.addAll(List.of("--memory", "1"));
            ReviewScenario.Run onDisk = story.asOf(tiny.toArray(String[]::new));
            assertThat(inMemory.status()).as(inMemory.err()).isZero();
            assertThat(onDisk.status()).as(onDisk.err()).isZero();
            assertThat(inMemory.err()).doesNotContain("spilled");
            assertThat(onDisk.err()).as("%s", question).containsPattern("spilled: incident states written to disk \\d+ times")
                    .containsPattern("spilled: edits sorted by incident in \\d+ runs on disk \\(--memory 1\\)");
            assertThat(onDisk.out()).as("%s", question).isNotEmpty().isEqualTo(inMemory.out());
        }
    }

    @Test
    void editsReadOutsideTheirIncidentsPartitionAreSortedOnDiskAndGiveTheValuesOfTheKeyedStory(KafkaBroker kafka) throws Exception {
        LateEdits keyed = LateEdits.shared(kafka);
        LateEdits spread = LateEdits.spread(kafka);
        for (int at : List.of(6, 60)) {
            ReviewScenario.Run inMemory = spread.asOf("--event-time", spread.at(at), "--threads", "3");
            ReviewScenario.Run onDisk = spread.asOf("--event-time", spread.at(at), "--threads", "3", "--memory", "1");
            assertThat(onDisk.err()).containsPattern("spilled: edits sorted by incident in \\d+ runs on disk");
            assertThat(onDisk.out()).isNotEmpty().isEqualTo(inMemory.out());
            Map<String, ReconciledIncident> story = LateEdits.picture(keyed.asOf("--event-time", keyed.at(at)));
            Map<String, ReconciledIncident> picture = LateEdits.picture(onDisk);
            assertThat(picture).containsOnlyKeys(story.keySet());
            story.forEach((id, incident) -> assertThat(picture.get(id).properties()).as("%s at B+%d", id, at).isEqualTo(incident.properties()));
        }
        ReviewScenario.Run inMemory = spread.asOf("--learned-late", spread.at(6), "--threads", "3");
        ReviewScenario.Run onDisk = spread.asOf("--learned-late", spread.at(6), "--threads", "3", "--memory", "1");
        assertThat(inMemory.status()).as(inMemory.err()).isZero();
        assertThat(onDisk.out()).as("the known-at side from the start sorts them too").isNotEmpty().isEqualTo(inMemory.out());
    }

    @Test
    void aDiffOfTwoPicturesOnDiskIsTheOneInMemory(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        String before = TelemetryCodec.formatTimestamp(scenario.at(3));
        for (List<String> after : List.of(List.of("--after", TelemetryCodec.formatTimestamp(scenario.at(11))), List.<String>of())) {
            List<String> question = new ArrayList<>(List.of("diff", "--before", before));
            question.addAll(after);
            ReviewScenario.Run inMemory = ReviewScenario.run(scenario.command(question.get(0), question.subList(1, question.size()).toArray(String[]::new)));
            question.addAll(List.of("--memory", "1", "--threads", "3"));
            ReviewScenario.Run onDisk = ReviewScenario.run(scenario.command(question.get(0), question.subList(1, question.size()).toArray(String[]::new)));
            assertThat(inMemory.status()).as(inMemory.err()).isZero();
            assertThat(onDisk.status()).as(onDisk.err()).isZero();
            assertThat(inMemory.err()).doesNotContain("spilled");
            assertThat(onDisk.err()).as("%s", after).containsPattern("spilled: incident states written to disk \\d+ times \\(--memory 1\\)");
            assertThat(onDisk.out()).as("%s", after).isNotEmpty().isEqualTo(inMemory.out());
        }
    }

    private static String crossCheck(ReviewScenario.Run run) {
        return run.err().lines().filter(l -> l.startsWith("cross-check")).findFirst().orElseThrow();
    }

    @Test
    void aMemoryBoundOrThreadCountThatIsNotOneIsAUsageError(KafkaBroker kafka) throws Exception {
        LateEdits story = LateEdits.shared(kafka);
        ReviewScenario.Run memory = story.asOf("--event-time", story.at(6), "--memory", "lots");
        assertThat(memory.status()).isEqualTo(2);
        assertThat(memory.err()).isEqualTo("after-action: --memory lots: give a size such as 256m, 1g or 65536\n");
        ReviewScenario.Run threads = story.asOf("--event-time", story.at(6), "--threads", "0");
        assertThat(threads.status()).isEqualTo(2);
        assertThat(threads.err()).isEqualTo("after-action: --threads 0: give at least 1\n");
    }
}
