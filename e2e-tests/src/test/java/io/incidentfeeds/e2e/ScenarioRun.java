package io.incidentfeeds.e2e;

import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.simulator.publish.AgencyPublishers;
import io.incidentfeeds.simulator.publish.MqttPublisher;
import io.incidentfeeds.simulator.scenario.Agency;
import io.incidentfeeds.simulator.scenario.ScenarioConfig;
import io.incidentfeeds.simulator.scenario.ScenarioGenerator;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import io.incidentfeeds.simulator.scenario.SimulationLedger;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * Publishes {@code count} messages of the seeded field scenario over MQTT at QoS 1, as field units
 * would (persistent session, each agency signed in as itself on the stack's broker), and keeps the
 * ledger of what was published for the accounting.
 * {@code duringRun} is called before each message with its index: where a fault test breaks things.
 */
public final class ScenarioRun {

    final SimulationLedger ledger = new SimulationLedger();
    private final long seed;

    public ScenarioRun(long seed) {
        this.seed = seed;
    }

    ScenarioRun publish(Stack pipeline, int count, double rate, IntConsumer duringRun) throws InterruptedException, IOException {
        return publish(pipeline.mqttUri(), pipeline.mqttCredentialsDir(), count, rate, duringRun);
    }

    /** Publishes to the broker at {@code mqttUri}, each agency with its password from {@code credentialsDir} (null: anonymous). */
    public ScenarioRun publish(String mqttUri, Path credentialsDir, int count, double rate, IntConsumer duringRun)
            throws InterruptedException, IOException {
        ScenarioConfig config = ScenarioConfig.defaults(seed, Instant.now(), rate);
        ScenarioGenerator generator = new ScenarioGenerator(config);
        MqttPublisher.Pacer pacer = new MqttPublisher.Pacer(rate);
        try (AgencyPublishers publisher = AgencyPublishers.perAgency(URI.create(mqttUri), "e2e-units-" + seed,
                credentialsDir, config.agencies().stream().map(Agency::id).toList(), 1, 200)) {
            for (int i = 0; i < count; i++) {
                duringRun.accept(i);
                pacer.awaitNext();
                SimulatedMessage message = generator.next();
                publisher.publish(message);
                ledger.record(message);
            }
            if (!publisher.drain(Duration.ofMinutes(2))) {
                throw new AssertionError("publishes still unacknowledged after 2 minutes");
            }
            if (publisher.failed() > 0) {
                throw new AssertionError(publisher.failed() + " publishes failed at the MQTT broker");
            }
        }
        return this;
    }

    public PipelineAccounting.Published published() {
        return published(ledger);
    }

    /** What a ledger says was published, in the accounting's terms (also the benchmark's). */
    public static PipelineAccounting.Published published(SimulationLedger ledger) {
        Set<String> dots = new TreeSet<>();
        ledger.editIds().forEach(e -> dots.add(PipelineAccounting.dot(e.incidentId(), e.dot().agencyId(), e.dot().sequenceNumber())));
        return new PipelineAccounting.Published(ledger.published(), dots, ledger.duplicates(), ledger.badByReason());
    }

    public Set<String> incidents() {
        return ledger.incidentIds();
    }
}
