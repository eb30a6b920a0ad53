package io.incidentfeeds.localstack.kafka;

import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.brokers.ScramBroker;
import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import io.incidentfeeds.brokers.secrets.OwnerOnlyFile;
import io.incidentfeeds.brokers.secrets.Passwords;
import io.incidentfeeds.localstack.component.KafkaAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The secured local stack's Kafka identities ({@code kafka.secure=true}): the admin (the broker's
 * only super user) and one SCRAM-SHA-512 user per service of
 * {@link io.incidentfeeds.brokers.acl.ServiceAcls}, each with a random password made on first run
 * and kept in {@code data.dir/kafka-users/<user>.password}, readable by its owner only. A service's
 * JVM signs in through {@code <user>.jaas} (its {@code KafkaClient} section), written next to it;
 * {@code <user>.properties} is a complete client configuration for tools ({@code after-action
 * --kafka-config}, {@code kafka-console-consumer.sh --consumer.config}). Delete a password file and
 * start the stack again to rotate that password.
 */
public final class KafkaPrincipals {

    public static final String DIR = "kafka-users";

    private final Path dir;
    private final String adminPassword;
    private final Map<Service, String> passwords;

    private KafkaPrincipals(Path dir, String adminPassword, Map<Service, String> passwords) {
        this.dir = dir;
        this.adminPassword = adminPassword;
        this.passwords = passwords;
    }

    /** Reads the passwords under {@code dataDir/kafka-users}, making those that are missing. */
    public static KafkaPrincipals loadOrCreate(Path dataDir) throws IOException {
        Path dir = OwnerOnlyFile.directory(dataDir.resolve(DIR));
        String admin = password(dir, KafkaProcess.ADMIN);
        Map<Service, String> passwords = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            passwords.put(service, password(dir, service.user()));
        }
        return new KafkaPrincipals(dir, admin, passwords);
    }

    private static String password(Path dir, String user) throws IOException {
        Path file = dir.resolve(user + ".password");
        if (!Files.exists(file)) {
            OwnerOnlyFile.write(file, Passwords.newPassword() + System.lineSeparator());
        }
        String password = OwnerOnlyFile.read(file);
        if (password.isEmpty()) {
            throw new IllegalStateException(file + " is empty; delete it to have a new password made");
        }
        return password;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** Every service's password, for the admin's provisioning step. */
    public Map<Service, String> servicePasswords() {
        return Map.copyOf(passwords);
    }

    /** How {@code service}'s JVM reaches {@code kafka} as its own principal. */
    public KafkaAccess access(Service service, ScramBroker kafka) throws IOException {
        return access(service.user(), passwords.get(service), kafka);
    }

    /** How a JVM reaches {@code kafka} as the admin (the provisioning step). */
    public KafkaAccess adminAccess(ScramBroker kafka) throws IOException {
        return access(KafkaProcess.ADMIN, adminPassword, kafka);
    }

    /** {@code service}'s complete client properties (bootstrap, TLS, its credential), as {@code <user>.properties} holds them. */
    public Properties clientProperties(Service service, ScramBroker kafka) {
        return kafka.scramClientProperties(service.user(), passwords.get(service));
    }

    private KafkaAccess access(String user, String password, ScramBroker kafka) throws IOException {
        Path jaas = dir.resolve(user + ".jaas");
        OwnerOnlyFile.write(jaas, "KafkaClient {\n  " + KafkaProcess.scramJaas(user, password) + "\n};\n");
        Map<String, String> client = new TreeMap<>();
        Properties props = kafka.scramClientProperties(user, password);
        props.stringPropertyNames().forEach(k -> client.put(k, props.getProperty(k)));
        StringBuilder file = new StringBuilder("# " + user + "'s Kafka client settings on the local stack (owner-only)\n");
        client.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        OwnerOnlyFile.write(dir.resolve(user + ".properties"), file.toString());
        // The JVM's own clients: the same settings, their bootstrap servers given apart and the credential in the JAAS file.
        client.remove("bootstrap.servers");
        client.remove("sasl.jaas.config");
        return new KafkaAccess(client, List.of("-Djava.security.auth.login.config=" + jaas.toAbsolutePath()));
    }

    /** {@code data.dir/kafka-users}. */
    public Path dir() {
        return dir;
    }
}
