package io.incidentfeeds.afteraction.replay;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.validation.TimestampWindow;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/**
 * The live processor's settings that change what a raw record becomes, read from the processor's own
 * properties file (its keys, stream-processor's defaults): a replay must judge as the live run did.
 *
 * @param timestampWindow   {@code validation.timestamp.max-future-skew} and {@code .max-age}
 * @param jurisdictionLayer {@code jurisdictions.layer}
 */
public record ProcessingSettings(TimestampWindow timestampWindow, String jurisdictionLayer) {

    public static final ProcessingSettings DEFAULTS = new ProcessingSettings(TimestampWindow.DEFAULT, JurisdictionIndex.DEMO_LAYER);

    /** The settings of a processor properties file ({@code --config} of stream-processor); null: the defaults. */
    public static ProcessingSettings load(Path file) {
        if (file == null) {
            return DEFAULTS;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new ReviewException(ExitCode.BAD_CONFIG, "cannot read --processor-config " + file + ": " + e.getMessage());
        }
        try {
            return new ProcessingSettings(new TimestampWindow(
                    duration(p, "validation.timestamp.max-future-skew", TimestampWindow.DEFAULT.maxFutureSkew()),
                    duration(p, "validation.timestamp.max-age", TimestampWindow.DEFAULT.maxAge())),
                    p.getProperty("jurisdictions.layer", JurisdictionIndex.DEMO_LAYER).trim());
        } catch (DateTimeParseException e) {
            throw new ReviewException(ExitCode.BAD_CONFIG, "--processor-config " + file + ": " + e.getMessage());
        }
    }

    private static Duration duration(Properties p, String key, Duration fallback) {
        String v = p.getProperty(key);
        return v == null ? fallback : Duration.parse(v.trim());
    }
}
