package io.incidentfeeds.edge.console;

import io.incidentfeeds.testsupport.browser.BrowserDriver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The console in headless Chromium, driven by {@code src/test/browser/console-driver.mjs} (the
 * console's commands on test-support's shared driver) through {@link BrowserDriver}: one JSON command
 * per line, one JSON answer per line. A failed command fails the test with the driver's message (and
 * the screenshot it took). Closing ends the driver and, with it, the browser.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();

    private final BrowserDriver driver;

    private ConsoleBrowser(BrowserDriver driver) {
        this.driver = driver;
    }

    /** Starts the driver; screenshots go to {@code artifacts}, its log to {@code artifacts/driver.log}. */
    static ConsoleBrowser launch(Path artifacts) throws IOException {
        return new ConsoleBrowser(BrowserDriver.launch(BROWSER_DIR.resolve("console-driver.mjs"), artifacts));
    }

    /** Sends a command and returns its value; fails the test when the driver reports an error. */
    JsonNode call(String cmd, Map<String, ?> args, Duration timeout) {
        return driver.call(cmd, args, timeout);
    }

    JsonNode call(String cmd, Map<String, ?> args) {
        return driver.call(cmd, args);
    }

    @Override
    public void close() {
        driver.close();
    }
}
