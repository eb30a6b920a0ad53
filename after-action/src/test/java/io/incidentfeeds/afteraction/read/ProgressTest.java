package io.incidentfeeds.afteraction.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line: records read of those to read, a rate, the time left; finished on its own line; nothing when not asked. */
class ProgressTest {

    @Test
    void aLongReadDrawsItsLineAndFinishesIt() throws Exception {
        StringWriter text = new StringWriter();
        Progress progress = Progress.on(new PrintWriter(text), Progress.Mode.ALWAYS);
        progress.reading("incidents.raw", 1_000);
        progress.read(250);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (text.toString().isEmpty() && System.nanoTime() < deadline) { // the first line comes after DELAY_SECONDS
            Thread.sleep(100);
        }
        progress.read(750);
        progress.close();
        progress.close();
        String drawn = text.toString();
        assertThat(drawn).startsWith("\rincidents.raw: 250 / 1,000 records, ").contains(" records/s, ").contains(" left");
        assertThat(drawn).contains("\rincidents.raw: 1,000 / 1,000 records, ").endsWith("--:-- left   " + System.lineSeparator());
        assertThat(drawn.indexOf('\n')).as("finished once, at the end").isEqualTo(drawn.length() - 1);
    }

    @Test
    void neverDrawsNothing() throws Exception {
        StringWriter text = new StringWriter();
        Progress progress = Progress.on(new PrintWriter(text), Progress.Mode.NEVER);
        progress.reading("incidents.raw", 10);
        progress.read(10);
        progress.close();
        assertThat(text.toString()).isEmpty();
    }
}
