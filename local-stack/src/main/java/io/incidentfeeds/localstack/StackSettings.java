package io.incidentfeeds.localstack;

import io.incidentfeeds.brokers.KafkaProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack's settings: {@code local-stack.defaults.properties} from the class path, then the
 * user's file, then {@code --set} overrides. Unknown keys are refused, so a typo never silently
 * falls back to a default.
 */
public final class StackSettings {

    static final String DEFAULTS = "local-stack.defaults.properties";
    static final String SECRET_KEY = "edge.jwt.secret";

    private final Properties values;
    private final Path projectDir;

    private StackSettings(Properties values, Path projectDir) {
        this.values = values;
        this.projectDir = projectDir;
    }

    /**
     * Reads the settings. When {@code file} does not exist it is created from the defaults, with a
     * new random JWT secret; when it exists without a secret, one is generated and written to it.
     */
    public static StackSettings load(Path projectDir, Path file, Map<String, String> overrides) {
        Properties defaults = defaults();
        try {
            if (!Files.exists(file)) {
                String text = defaultsText().replaceFirst("(?m)^" + Pattern.quote(SECRET_KEY) + "=.*$",
                        Matcher.quoteReplacement(SECRET_KEY + "=" + newSecret()));
                Files.writeString(file, text);
            }
            Properties user = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                user.load(in);
            }
            if (user.getProperty(SECRET_KEY, "").isBlank()) {
                String secret = newSecret();
                Files.writeString(file, System.lineSeparator() + SECRET_KEY + "=" + secret + System.lineSeparator(),
                        java.nio.file.StandardOpenOption.APPEND);
                user.setProperty(SECRET_KEY, secret);
            }
            Properties merged = new Properties();
            merged.putAll(defaults);
            merged.putAll(user);
            merged.putAll(overrides);
            Set<String> unknown = new TreeSet<>(merged.stringPropertyNames());
            unknown.removeAll(defaults.stringPropertyNames());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown setting(s) " + unknown + " in " + file
                        + " or --set; the known ones are documented in " + DEFAULTS);
            }
            return new StackSettings(merged, projectDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings for tests and the end-to-end harness: the defaults plus {@code overrides}, no file. */
    public static StackSettings of(Path projectDir, Map<String, String> overrides) {
        Properties merged = defaults();
        merged.putAll(overrides);
        if (merged.getProperty(SECRET_KEY, "").isBlank()) {
            merged.setProperty(SECRET_KEY, newSecret());
        }
        return new StackSettings(merged, projectDir);
    }

    public String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return value.trim();
    }

    /** A TCP port; 0 picks a free one, once, so that every later read gives the same port. */
    public synchronized int port(String key) {
        int port = Integer.parseInt(get(key));
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(key + " must be a TCP port, not " + port);
        }
        if (port == 0) {
            port = KafkaProcess.freePort();
            values.setProperty(key, Integer.toString(port));
        }
        return port;
    }

    public int integer(String key) {
        return Integer.parseInt(get(key));
    }

    public double number(String key) {
        return Double.parseDouble(get(key));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(get(key));
    }

    public Duration duration(String key) {
        return Duration.parse(get(key));
    }

    /** A path setting, resolved against the project directory when relative. */
    public Path path(String key) {
        return projectDir.resolve(get(key)).normalize();
    }

    public Path dataDir() {
        return path("data.dir");
    }

    public Path projectDir() {
        return projectDir;
    }

    public String jwtSecret() {
        return get(SECRET_KEY);
    }

    static Properties defaults() {
        Properties defaults = new Properties();
        try (InputStream in = StackSettings.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults;
    }

    private static String defaultsText() throws IOException {
        try (InputStream in = StackSettings.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** 256 random bits, the minimum HS256 key length (RFC 7518 section 3.2). */
    public static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }
}
