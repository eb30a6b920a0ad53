package io.incidentfeeds.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployment's Prometheus configuration and alert rules, checked by Prometheus' own
 * {@code promtool} (Debian's {@code prometheus} package, listed in .ci/apt-packages): rule syntax,
 * PromQL, templates, and the configuration that loads the rules.
 */
class AlertRulesTest {

    private static final Path PROMETHEUS = Path.of("..", "deploy", "prometheus").toAbsolutePath().normalize();

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        String out = promtool("check", "rules", PROMETHEUS.resolve("alerts.yml").toString());

        assertThat(out).contains("SUCCESS: 9 rules found");
    }

    @Test
    void promtoolAcceptsThePrometheusConfigurationAndTheRulesItLoads() throws Exception {
        String out = promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString());

        assertThat(out).contains("SUCCESS: 1 rule files found").contains("is valid prometheus config file syntax");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("promtool is not installed: apt-get install prometheus (bin/test does it)", e);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
