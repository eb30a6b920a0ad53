package io.incidentfeeds.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.localstack.Stack;
import io.incidentfeeds.localstack.StackSettings;
import io.incidentfeeds.localstack.tokens.DemoTokenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One running pipeline for every end-to-end test in the JVM, started as the local stack starts it
 * (each component in its own JVM, from its packaged artifact), on free ports, with a fresh data
 * directory and without the simulator: each test publishes its own scenario, with its own incidents.
 */
public final class SharedPipeline implements ParameterResolver {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Stack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedPipeline.class, k -> start(), Running.class).stack();
    }

    private static Running start() {
        for (String artifact : new String[] {"stream-processor/target/stream-processor.jar", "ws-edge/target/ws-edge.jar",
                "ingest-connector/target/plugin"}) {
            if (!Files.exists(PROJECT.resolve(artifact))) {
                throw new IllegalStateException(artifact + " is missing: run the end-to-end tests from the root (mvn verify)");
            }
        }
        Stack stack = new Stack(StackSettings.of(PROJECT, settings("pipeline")), System.out);
        try {
            stack.start();
        } catch (Exception e) {
            stack.close();
            throw new IllegalStateException("the pipeline did not start", e);
        }
        return new Running(stack);
    }

    /**
     * The settings of a stack for tests: a fresh data directory {@code e2e-tests/target/<name>-<n>},
     * free ports, no simulator. Add to them what a test's stack runs otherwise.
     */
    static Map<String, String> settings(String name) {
        Map<String, String> settings = new HashMap<>();
        settings.put("data.dir", "e2e-tests/target/" + name + "-" + System.nanoTime());
        for (String port : new String[] {"kafka.port", "mqtt.port", "mqtt.tls.port", "connect.rest.port", "connect.metrics.port", "processor.http.port", "edge.port", "idp.port"}) {
            settings.put(port, "0");
        }
        settings.put("simulator.enabled", "false");
        return settings;
    }

    /**
     * A stack of one test class's own, started: {@link #settings(String)} and {@code extra} (a
     * configuration the shared pipeline does not run); closed again when it does not start.
     */
    static Stack startOwn(String name, Map<String, String> extra) throws Exception {
        Map<String, String> settings = settings(name);
        settings.putAll(extra);
        Stack stack = new Stack(StackSettings.of(PROJECT, settings), System.out);
        try {
            stack.start();
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /**
     * Publishes {@code count} messages of scenario {@code seed} over MQTT at {@code rate} while an
     * {@code eoc} console is connected, and checks that incidents of the run reach it (within 2
     * minutes) with no version going back or repeated.
     */
    static ScenarioRun publishToAnEocConsole(Stack stack, long seed, int count, double rate) throws Exception {
        String token = new DemoTokenFile(stack.settings().jwtSecret(), Duration.ofHours(1)).mint("oes", List.of("eoc"), Instant.now());
        ResumingConsole console = new ResumingConsole("eoc", token, stack.consoleUrl());
        try {
            console.connect(Duration.ofSeconds(60));
            ScenarioRun run = new ScenarioRun(seed).publish(stack, count, rate, i -> { });
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (console.view(run.incidents()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(console.view(run.incidents())).as("incidents of the run on the console").isNotEmpty();
            assertThat(console.violations()).isEmpty();
            return run;
        } finally {
            console.close();
        }
    }

    /** Closed by JUnit when the root context closes: after the JVM's last test. */
    record Running(Stack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }
}
