package io.incidentfeeds.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.incidentfeeds.brokers.secrets.Passwords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A secured broker keeps its secrets from the machine's other users: every file that holds a
 * password is its owner's only (0600, the TLS directory 0700), and no process started for it
 * (keytool making the key stores, the storage format that writes the admin's SCRAM credential, the
 * broker) has a password on its command line, which any user reads ({@code ps},
 * {@code /proc/<pid>/cmdline}). The command lines are those of this JVM's children, read every few
 * milliseconds while the TLS material is made and the broker formatted and started.
 */
class KafkaSecretsTest {

    private static final String ADMIN_PASSWORD = Passwords.newPassword();
    private static final Set<String> COMMAND_LINES = ConcurrentHashMap.newKeySet();

    private static Path dir;
    private static KafkaProcess kafka;

    @BeforeAll
    static void startSecuredBrokerReadingItsChildrensCommandLines() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/cmdline")), "Linux's /proc, to read command lines");
        dir = Files.createTempDirectory("kafka-secrets");
        ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();
        reader.scheduleWithFixedDelay(KafkaSecretsTest::readChildrensCommandLines, 0, 5, TimeUnit.MILLISECONDS);
        try {
            KafkaTls tls = KafkaTls.loadOrCreate(dir.resolve("tls"));
            kafka = KafkaProcess.withScram(dir.resolve("kafka"), 0, ADMIN_PASSWORD, tls, Map.of());
            kafka.start(Duration.ofSeconds(120));
        } finally {
            reader.shutdownNow();
            reader.awaitTermination(10, TimeUnit.SECONDS);
        }
        readChildrensCommandLines();
    }

    @AfterAll
    static void stopAndDeleteTheSecrets() throws IOException {
        if (kafka != null) {
            kafka.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void readChildrensCommandLines() {
        ProcessHandle.current().children().forEach(child -> {
            try {
                byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(child.pid()), "cmdline"));
                COMMAND_LINES.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
            } catch (IOException exited) {
                // gone between the listing and the read
            }
        });
    }

    @Test
    void noChildProcessHasAPasswordOnItsCommandLine() throws IOException {
        String keyStorePassword = Files.readString(dir.resolve("tls/keystore.password")).trim();
        assertThat(COMMAND_LINES).as("command lines").noneMatch(line -> line.contains(ADMIN_PASSWORD))
                .noneMatch(line -> line.contains(keyStorePassword));
        assertThat(COMMAND_LINES).as("keytool, the storage format (its arguments in a file) and the broker were seen")
                .anyMatch(line -> line.contains("/keytool ") && line.contains("-storepass:file"))
                .anyMatch(line -> line.endsWith("@" + dir.resolve("kafka/format.args")))
                .anyMatch(line -> line.contains(" kafka.Kafka "));
    }

    @Test
    void everyFileThatHoldsAPasswordIsItsOwnersOnly() throws IOException {
        Path config = dir.resolve("kafka/server.properties");
        assertThat(Files.readString(config)).as("the broker's settings hold the admin's password").contains(ADMIN_PASSWORD);
        for (Path secret : List.of(config, dir.resolve("tls/keystore.password"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as("%s", secret).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls")))).isEqualTo("rwx------");
        assertThat(dir.resolve("kafka/format.args")).as("the format's argument file, deleted after use").doesNotExist();
    }

    @Test
    void theAdminSignsInWithTheCredentialTheFormatWrote() throws Exception {
        try (Admin admin = kafka.admin()) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }
}
