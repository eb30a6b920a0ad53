package io.incidentfeeds.simulator;

import io.incidentfeeds.simulator.publish.MqttPublisher;
import io.incidentfeeds.simulator.scenario.Agency;
import io.incidentfeeds.simulator.scenario.ScenarioConfig;
import io.incidentfeeds.simulator.scenario.ScenarioGenerator;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import io.incidentfeeds.simulator.scenario.SimulationLedger;
import io.incidentfeeds.simulator.publish.AgencyPublishers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line: publishes a seeded multi-agency scenario over MQTT at a given rate. */
@Command(name = "field-simulator", mixinStandardHelpOptions = true,
        description = "Publishes realistic multi-agency incident telemetry over MQTT, reproducibly from a seed.")
public final class FieldSimulator implements Callable<Integer> {

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker URI, tcp:// or ssl:// (default: ${DEFAULT-VALUE})")
    URI broker;

    @Option(names = "--credentials", description = "user:password for the MQTT broker")
    String credentials;

    @Option(names = "--credentials-dir", description = "directory of <agency>.password files (deploy/secrets/mqtt-agencies): "
            + "one connection per agency, signed in as that agency, for a broker that lets each account publish only its own topics")
    Path credentialsDir;

    @Option(names = "--client-id", defaultValue = "field-simulator", description = "MQTT client id (default: ${DEFAULT-VALUE})")
    String clientId;

    @Option(names = "--rate", defaultValue = "50", description = "messages per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "PT0S", description = "how long to run, ISO-8601 (PT5M); PT0S: until --count or forever (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--count", defaultValue = "0", description = "stop after this many messages; 0: no limit (default: ${DEFAULT-VALUE})")
    long count;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", description = "timestamp of the first edit (default: now)")
    Instant start;

    @Option(names = "--incidents", defaultValue = "40", description = "incidents alive at once (default: ${DEFAULT-VALUE})")
    int incidents;

    @Option(names = "--concurrent-share", defaultValue = "0.10", description = "share of concurrent co-agency edits (default: ${DEFAULT-VALUE})")
    double concurrentShare;

    @Option(names = "--duplicate-share", defaultValue = "0.02", description = "share of exact duplicates (default: ${DEFAULT-VALUE})")
    double duplicateShare;

    @Option(names = "--out-of-order-share", defaultValue = "0.02", description = "share of edits delivered out of order (default: ${DEFAULT-VALUE})")
    double outOfOrderShare;

    @Option(names = "--bad-share", defaultValue = "0.05", description = "share of bad records, over every dead-letter kind (default: ${DEFAULT-VALUE})")
    double badShare;

    @Option(names = "--qos", defaultValue = "1", description = "MQTT QoS (default: ${DEFAULT-VALUE})")
    int qos;

    @Option(names = "--max-in-flight", defaultValue = "2000", description = "unacknowledged publishes at once (default: ${DEFAULT-VALUE})")
    int maxInFlight;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FieldSimulator()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ScenarioConfig config = new ScenarioConfig(seed, start != null ? start : Instant.now(), rate, incidents,
                concurrentShare, duplicateShare, outOfOrderShare, badShare, Agency.bayArea());
        ScenarioGenerator generator = new ScenarioGenerator(config);
        SimulationLedger ledger = new SimulationLedger();
        long deadline = duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        MqttPublisher.Pacer pacer = new MqttPublisher.Pacer(rate);
        long reportAt = System.nanoTime() + 5_000_000_000L;
        long begin = System.nanoTime();
        if (credentials != null && credentialsDir != null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--credentials and --credentials-dir exclude each other");
        }
        try (AgencyPublishers publisher = credentialsDir != null
                ? AgencyPublishers.perAgency(broker, clientId, credentialsDir, config.agencies().stream().map(Agency::id).toList(), qos, maxInFlight)
                : AgencyPublishers.shared(new MqttPublisher(broker, clientId, credentials, qos, maxInFlight))) {
            System.out.printf("field-simulator: publishing to %s at %.0f msg/s, seed %d%n", broker, rate, seed);
            while ((count == 0 || ledger.published() < count) && System.nanoTime() < deadline) {
                pacer.awaitNext();
                SimulatedMessage message = generator.next();
                publisher.publish(message);
                ledger.record(message);
                if (System.nanoTime() > reportAt) {
                    reportAt += 5_000_000_000L;
                    System.out.printf("field-simulator: %s acked=%d failed=%d%n", ledger, publisher.acknowledged(), publisher.failed());
                }
            }
            publisher.drain(Duration.ofSeconds(60));
            double seconds = (System.nanoTime() - begin) / 1e9;
            System.out.printf("field-simulator: done in %.1f s (%.0f msg/s): %s acked=%d failed=%d%n",
                    seconds, ledger.published() / seconds, ledger, publisher.acknowledged(), publisher.failed());
            return publisher.failed() == 0 ? 0 : 1;
        }
    }
}
