package io.incidentfeeds.localstack.component;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The field simulator in a child JVM, publishing the seeded five-agency scenario over MQTT until the
 * stack stops. A second run continues with a new start time, so its incidents add to the earlier
 * ones instead of replaying them. With a credentials directory, each agency publishes over its own
 * connection, signed in as itself.
 */
public final class FieldSimulatorComponent extends ChildJvmComponent {

    private final Path logDir;
    private final String mqttUri;
    private final double rate;
    private final long seed;
    private final int incidents;
    private final double badShare;
    private final Path credentialsDir;

    /** @param credentialsDir the agencies' {@code <agency>.password} files, or null to publish without signing in */
    public FieldSimulatorComponent(Path logDir, String mqttUri, double rate, long seed, int incidents, double badShare,
                                   Path credentialsDir) {
        super(Duration.ofSeconds(10));
        this.logDir = logDir;
        this.mqttUri = mqttUri;
        this.rate = rate;
        this.seed = seed;
        this.incidents = incidents;
        this.badShare = badShare;
        this.credentialsDir = credentialsDir;
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public void start(Duration timeout) throws Exception {
        // Seeded by the run's start time too: a second run publishes new incidents, not a replay.
        long runSeed = seed ^ (System.currentTimeMillis() / 1000);
        List<String> args = new ArrayList<>(List.of("--broker", mqttUri, "--client-id", "local-stack-simulator",
                "--rate", Double.toString(rate), "--seed", Long.toString(runSeed), "--incidents", Integer.toString(incidents),
                "--bad-share", Double.toString(badShare)));
        if (credentialsDir != null) {
            args.addAll(List.of("--credentials-dir", credentialsDir.toAbsolutePath().toString()));
        }
        jvm = ChildJvm.mainClass(name(), logDir, "256m", List.of(), System.getProperty("java.class.path"),
                "io.incidentfeeds.simulator.FieldSimulator", args, Map.of());
        long launched = System.nanoTime();
        // Ready once it has been publishing for a moment without exiting (it fails fast on a bad broker).
        jvm.start(() -> System.nanoTime() - launched > 2_000_000_000L, timeout);
    }

    @Override
    public String address() {
        return String.format("%.0f messages/s to %s (log: %s)", rate, mqttUri, jvm.logFile());
    }
}
