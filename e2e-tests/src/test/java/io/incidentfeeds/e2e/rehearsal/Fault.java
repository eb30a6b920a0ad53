package io.incidentfeeds.e2e.rehearsal;

import io.incidentfeeds.brokers.KafkaProcess;
import java.time.Duration;
import java.util.List;

/**
 * One fault the rehearsal injects under load, and how the part comes back: a crash (SIGKILL) and a
 * restart a few seconds later, as an orchestrator restarts a dead container, or a rolling restart
 * (SIGTERM, start, wait until ready, next) as an upgrade is rolled out.
 */
record Fault(String name, Injection injection) {

    /** How long a killed part stays down before it is started again. */
    static final Duration DOWN = Duration.ofSeconds(3);

    /** Breaks and repairs; returns once every part is running again, with a note for the table. */
    @FunctionalInterface
    interface Injection {
        String inject(ScaleOutDeployment deployment) throws Exception;
    }

    /** No fault: the reference the others are compared with. */
    static Fault none() {
        return new Fault("none (reference)", deployment -> "");
    }

    /** SIGKILL of a Kafka node that is not the active controller, restarted after {@link #DOWN}. */
    static Fault brokerKill() {
        return new Fault("kill a Kafka broker", deployment -> {
            int controller = deployment.kafka().activeController();
            int victim = controller % 3 + 1;
            return killAndRestart(deployment, victim) + " (node " + victim + "; controller " + controller + ")";
        });
    }

    /** SIGKILL of the node that is the quorum's leader: the cluster elects another controller. */
    static Fault controllerKill() {
        return new Fault("kill the active controller", deployment -> {
            int controller = deployment.kafka().activeController();
            String back = killAndRestart(deployment, controller);
            return back + " (node " + controller + "; new controller " + deployment.kafka().activeController() + ")";
        });
    }

    private static String killAndRestart(ScaleOutDeployment deployment, int node) throws Exception {
        KafkaProcess process = deployment.kafka().node(node);
        process.kill();
        Thread.sleep(DOWN.toMillis());
        Duration took = process.start(Duration.ofMinutes(3));
        deployment.kafka().awaitBrokers(3, Duration.ofMinutes(3));
        return "back in " + seconds(took);
    }

    /** SIGKILL of a part (processor-1, connect, edge-1, ...), restarted after {@link #DOWN}. */
    static Fault kill(String part) {
        return new Fault("kill " + part, deployment -> {
            deployment.component(part).kill();
            Thread.sleep(DOWN.toMillis());
            return "back in " + seconds(deployment.restart(part));
        });
    }

    /** Each part in turn stopped (SIGTERM), started and waited for, as an upgrade rolls out. */
    static Fault rollingRestart(List<String> parts) {
        return new Fault("rolling restart " + String.join(", ", parts), deployment -> {
            StringBuilder took = new StringBuilder();
            for (String part : parts) {
                deployment.component(part).close();
                took.append(took.isEmpty() ? "each back in " : ", ").append(seconds(deployment.restart(part)));
            }
            return took.toString();
        });
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1e3);
    }
}
