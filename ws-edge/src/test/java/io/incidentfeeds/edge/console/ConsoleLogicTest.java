package io.incidentfeeds.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.testsupport.browser.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The console's pure logic (connection state machine, back-off, conflation, store, cache, filters,
 * token claims), tested by Node's own test runner on the very modules the edge serves: see
 * src/test/browser/unit/. No browser needed.
 */
class ConsoleLogicTest {

    @Test
    void nodeUnitTestsOfTheConsoleModulesPass() throws Exception {
        NodeProcess run = NodeProcess.run(Path.of("src/test/browser").toAbsolutePath(), Duration.ofMinutes(2),
                "node", "--test", "--test-reporter=spec", "unit/");
        assertThat(run.exitCode()).as(run.output()).isZero();
        // node --test with no test files also exits 0: make sure the tests ran.
        assertThat(run.output()).as(run.output()).containsPattern("pass [1-9]");
    }
}
