package io.incidentfeeds.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/local-stack}: runs the whole pipeline on this machine until Ctrl-C. */
@Command(name = "local-stack", mixinStandardHelpOptions = true,
        description = "Runs Kafka, an MQTT broker, Kafka Connect with ingest-connector, the stream processor, ws-edge "
                + "and the field simulator on this machine, until Ctrl-C.")
public final class LocalStackMain implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "local-stack.properties",
            description = "settings file, created with documented defaults on first run (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--clean", description = "delete the data directory first: start with no incidents")
    boolean clean;

    @Option(names = "--secure-kafka", description = "Kafka on SASL_SSL with ACLs, each service its own principal "
            + "(the same as --set kafka.secure=true)")
    boolean secureKafka;

    @Option(names = "--kafka-nodes", paramLabel = "N", description = "N Kafka nodes, every topic on min(N, 3) of them, "
            + "min.insync.replicas 2 from 3 nodes (the same as --set kafka.nodes=N; default 1)")
    Integer kafkaNodes;

    @Option(names = "--set", description = "override a setting, e.g. --set simulator.rate=200 (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalStackMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        if (secureKafka) {
            overrides.put("kafka.secure", "true");
        }
        if (kafkaNodes != null) {
            overrides.put("kafka.nodes", Integer.toString(kafkaNodes));
        }
        StackSettings settings = StackSettings.load(project, project.resolve(config), overrides);
        // Before the first logger exists: the launcher logs to a file, the terminal shows progress.
        System.setProperty("localstack.log.dir", settings.dataDir().resolve("logs").toString());
        System.setProperty("logback.configurationFile", "local-stack-logback.xml");
        if (clean) {
            deleteRecursively(settings.dataDir());
            System.out.println("Deleted " + settings.dataDir() + ": starting clean.");
        }
        System.out.println("Starting the incident-feeds pipeline (settings: " + project.resolve(config) + ", data: "
                + settings.dataDir() + ")");
        Stack stack = new Stack(settings, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping ...");
            stack.close();
            System.out.println("Stopped: no process of the stack is left running.");
            stopped.countDown();
        }, "local-stack-shutdown"));
        try {
            stack.start();
        } catch (Exception e) {
            System.err.println("The stack could not start: " + e.getMessage());
            return 1; // the shutdown hook stops what did start
        }
        System.out.printf("%nReady. Console: %s/%nDemo tokens (one per agency, and eoc): %s%n"
                        + "OAuth2 token endpoint: %s (users, passwords, clients: %s)%n"
                        + "MQTT: %s (%s)   Kafka: %s%nPress Ctrl-C to stop.%n",
                stack.consoleUrl(), stack.tokenFile(), stack.tokenEndpoint(), stack.accountsFile(),
                stack.mqttUri(), stack.mqttCredentialsDir() == null ? "no sign-in"
                        : "user = agency id, password in " + stack.mqttCredentialsDir() + "/<agency>.password",
                stack.bootstrapServers() + (stack.kafkaUsersDir() == null ? ""
                        : " (SASL_SSL; client properties per principal: " + stack.kafkaUsersDir() + "/<user>.properties)"));
        stopped.await();
        return 0;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
