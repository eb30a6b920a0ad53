package io.incidentfeeds.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A component dies in the middle of a run, as in a crash (SIGKILL for a JVM; the embedded MQTT
 * broker stops at once), and comes back a few seconds later while field units keep publishing.
 * Afterwards every message is accounted for, as in a run without a fault: nothing lost (MQTT
 * persistent sessions and acknowledgement after Kafka's), nothing reconciled twice (exactly-once:
 * no repeated or missing version of any incident).
 */
@ExtendWith(SharedPipeline.class)
class FaultToleranceEndToEndTest {

    private static final int MESSAGES = 360;
    private static final double RATE = 60;
    private static final int FAULT_AT = 90;

    @ParameterizedTest(name = "{0} dies mid-stream and comes back")
    @CsvSource({"kafka, 2001", "connect, 2002", "processor, 2003", "mqtt, 2004"})
    void nothingIsLostOrDuplicatedWhenAComponentDies(String component, long seed, Stack pipeline) throws Exception {
        CompletableFuture<Duration> restarted = new CompletableFuture<>();
        ScenarioRun run = new ScenarioRun(seed).publish(pipeline, MESSAGES, RATE, i -> {
            if (i == FAULT_AT) {
                pipeline.component(component).kill();
                CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(3_000);
                        restarted.complete(pipeline.restart(component));
                    } catch (Exception e) {
                        restarted.completeExceptionally(e);
                    }
                });
            }
        });
        restarted.get(4, TimeUnit.MINUTES);

        PipelineAccounting.Report report = Settle.accounting(pipeline.bootstrapServers(), run, Duration.ofMinutes(3));

        assertThat(report.unaccounted()).as(component + " killed: " + report.line()).isEmpty();
        assertThat(report.published()).isEqualTo(MESSAGES);
    }
}
