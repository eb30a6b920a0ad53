package io.incidentfeeds.afteraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.testsupport.WithKafka;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code as-of --known-at} from the processor's checkpoints (every 30 s of stream time in the
 * scenario): at every instant, the picture is byte for byte the one recomputed from the raw topic's
 * start, both pass the cross-check, and a late one reads fewer raw records. {@code diff} and the
 * known-at side of {@code --learned-late}, which start from the checkpoints the same way, print what
 * they print from the start.
 */
@WithKafka
class CheckpointAsOfTest {

    private static final Pattern READ = Pattern.compile("(\\d+) raw records read");

    @Test
    void fromTheNearestCheckpointThePictureIsTheOneRecomputedFromTheStart(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        assertThat(scenario.contents(scenario.checkpoints)).as("the processor wrote checkpoints").isNotEmpty();
        int fromCheckpoints = 0;
        int last = scenario.sent.size() - 1;
        for (int i : new int[] {0, 3, 5, 7, 9, 11, last}) {
            String at = TelemetryCodec.formatTimestamp(scenario.at(i));
            ReviewScenario.Run start = ReviewScenario.run(scenario.command("as-of", "--known-at", at, "--format", "ndjson", "--strict",
                    "--from-start"));
            ReviewScenario.Run checkpoint = ReviewScenario.run(scenario.command("as-of", "--known-at", at, "--format", "ndjson", "--strict",
                    "--hop-margin", "PT0S"));
            assertThat(start.status()).as(start.err()).isZero();
            assertThat(checkpoint.status()).as(checkpoint.err()).isZero();
            assertThat(start.err()).contains("from the raw topic's start");
            assertThat(checkpoint.out()).as("the picture known at %s", at).isEqualTo(start.out());
            if (checkpoint.err().contains("from checkpoints task 1 at")) {
                fromCheckpoints++;
                if (i == last) {
                    assertThat(read(checkpoint.err())).as("raw records read after the checkpoint").isLessThan(read(start.err()));
                }
            }
        }
        assertThat(fromCheckpoints).as("instants after the first checkpoint").isGreaterThanOrEqualTo(3);
    }

    @Test
    void diffAndLearnedLateFromTheCheckpointsPrintWhatTheyPrintFromTheStart(KafkaBroker kafka) throws Exception {
        ReviewScenario scenario = ReviewScenario.shared(kafka);
        int last = scenario.sent.size() - 1;
        int afterFromCheckpoints = 0;
        int bothFromCheckpoints = 0;
        for (int[] pair : new int[][] {{0, 5}, {3, 11}, {5, last}, {9, last}}) {
            String before = TelemetryCodec.formatTimestamp(scenario.at(pair[0]));
            String after = TelemetryCodec.formatTimestamp(scenario.at(pair[1]));
            ReviewScenario.Run start = ReviewScenario.run(scenario.command("diff", "--before", before, "--after", after, "--from-start"));
            ReviewScenario.Run checkpoint = ReviewScenario.run(scenario.command("diff", "--before", before, "--after", after,
                    "--hop-margin", "PT0S"));
            assertThat(start.status()).as(start.err()).isZero();
            assertThat(checkpoint.status()).as(checkpoint.err()).isZero();
            assertThat(start.err()).contains("raw records read from the raw topic's start; after: ");
            assertThat(start.out()).as("what changed between %s and %s", before, after).isNotEmpty();
            assertThat(checkpoint.out()).as("what changed between %s and %s", before, after).isEqualTo(start.out());
            if (checkpoint.err().matches("(?s).*; after: \\d+ read from checkpoints task .*")) {
                afterFromCheckpoints++;
                if (checkpoint.err().matches("(?s).*before: \\d+ raw records read from checkpoints task .*")) {
                    bothFromCheckpoints++;
                }
            }
        }
        assertThat(afterFromCheckpoints).as("later instants after the first checkpoint").isGreaterThanOrEqualTo(2);
        assertThat(bothFromCheckpoints).as("pairs both after the first checkpoint").isGreaterThanOrEqualTo(1);

        // The story's edits are stamped when they were appended: what was made by T was known at T, nothing learned late.
        int learnedFromCheckpoints = 0;
        for (int i : new int[] {5, 9, last}) {
            String at = TelemetryCodec.formatTimestamp(scenario.at(i));
            ReviewScenario.Run start = ReviewScenario.run(scenario.command("as-of", "--learned-late", at, "--format", "ndjson", "--from-start"));
            ReviewScenario.Run checkpoint = ReviewScenario.run(scenario.command("as-of", "--learned-late", at, "--format", "ndjson",
                    "--hop-margin", "PT0S"));
            assertThat(start.status()).as(start.err()).isZero();
            assertThat(checkpoint.status()).as(checkpoint.err()).isZero();
            assertThat(start.err()).contains("0 incidents differ", "the known-at side from the raw topic's start");
            assertThat(checkpoint.out()).as("learned late about %s", at).isEqualTo(start.out()).isEmpty();
            assertThat(checkpoint.err()).contains("0 incidents differ");
            if (checkpoint.err().contains("the known-at side from checkpoints task ")) {
                learnedFromCheckpoints++;
            }
        }
        assertThat(learnedFromCheckpoints).as("instants after the first checkpoint").isGreaterThanOrEqualTo(2);
    }

    private static int read(String err) {
        Matcher m = READ.matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
