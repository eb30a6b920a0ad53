package io.incidentfeeds.e2e.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scale-out rehearsal ({@link ScaleOutDeployment}, {@link Rehearsal}). In every {@code mvn verify}
 * the smoke: a Kafka broker killed, then a stream processor. With {@code -Drehearsal=full} the whole
 * matrix: a reference without fault; a broker and the active controller killed; each processor,
 * the Connect worker and an edge killed; a rolling restart of every processor and edge. Passes when
 * every fault leaves everything accounted for and every console converged; the disruption each
 * caused is printed as a table (and written to {@code target/rehearsal/table.md}), never asserted.
 */
class ScaleOutRehearsalTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyFaultLeavesEveryMessageAccountedForAndEveryConsoleConverged() throws Exception {
        boolean full = "full".equals(System.getProperty("rehearsal"));
        List<Fault> faults = full
                ? List.of(Fault.none(), Fault.brokerKill(), Fault.controllerKill(), Fault.kill("processor-1"),
                        Fault.kill("connect"), Fault.kill("edge-1"),
                        Fault.rollingRestart(List.of("processor-1", "processor-2", "edge-1", "edge-2")))
                : List.of(Fault.brokerKill(), Fault.kill("processor-1"));
        Duration perFault = full ? Duration.ofSeconds(30) : Duration.ofSeconds(15);
        Path data = PROJECT.resolve("e2e-tests/target/rehearsal/run-" + System.currentTimeMillis());

        try (ScaleOutDeployment deployment = new ScaleOutDeployment(PROJECT, data, System.out)) {
            deployment.start();
            Heartbeat heartbeat = new Heartbeat(deployment.mqttUri(), deployment.mqttAccounts().credentials(Heartbeat.AGENCY), "HEARTBEAT-" + System.currentTimeMillis());
            try (ConsoleFleet consoles = new ConsoleFleet(deployment.consoleUrl(), deployment.jwtSecret(), 2, heartbeat.incidentId)) {
                heartbeat.start();
                consoles.connect();
                Rehearsal rehearsal = new Rehearsal(deployment, consoles, heartbeat, 40, perFault, System.out);
                long seed = 3201;
                for (Fault fault : faults) {
                    rehearsal.run(fault, seed++);
                }
                rehearsal.finish();
                String table = rehearsal.table();
                System.out.println(table);
                Files.writeString(Files.createDirectories(data.getParent()).resolve("table.md"), table);
                for (Rehearsal.Row row : rehearsal.rows()) {
                    assertThat(row.unaccounted()).as(row.fault() + ": " + row.report().line()).isEmpty();
                    assertThat(row.notConverged()).as(row.fault() + ": consoles and processors").isEmpty();
                }
            }
        }
    }
}
