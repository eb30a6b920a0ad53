package io.incidentfeeds.localstack.kafka;

import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.brokers.ScramBroker;
import io.incidentfeeds.brokers.acl.ServiceAcls.Service;
import io.incidentfeeds.localstack.component.KafkaAccess;
import io.incidentfeeds.localstack.idp.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HexFormat;
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
        Path dir = Files.createDirectories(dataDir.resolve(DIR));
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
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            OwnerOnlyFile.write(file, HexFormat.of().formatHex(random) + System.lineSeparator());
        }
        String password = Files.readString(file).trim();
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
        Properties props = kafka.securityProperties();
        props.put("sasl.jaas.config", KafkaProcess.scramJaas(service.user(), passwords.get(service)));
        return props;
    }

    private KafkaAccess access(String user, String password, ScramBroker kafka) throws IOException {
        Path jaas = dir.resolve(user + ".jaas");
        OwnerOnlyFile.write(jaas, "KafkaClient {\n  " + KafkaProcess.scramJaas(user, password) + "\n};\n");
        Map<String, String> settings = new TreeMap<>();
        Properties security = kafka.securityProperties();
        security.stringPropertyNames().forEach(k -> settings.put(k, security.getProperty(k)));
        settings.remove("bootstrap.servers");
        StringBuilder file = new StringBuilder("# " + user + "'s Kafka client settings on the local stack (owner-only)\n");
        file.append("bootstrap.servers=").append(kafka.bootstrapServers()).append('\n');
        settings.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        file.append("sasl.jaas.config=").append(KafkaProcess.scramJaas(user, password)).append('\n');
        OwnerOnlyFile.write(dir.resolve(user + ".properties"), file.toString());
        return new KafkaAccess(settings, List.of("-Djava.security.auth.login.config=" + jaas.toAbsolutePath()));
    }

    /** {@code data.dir/kafka-users}. */
    public Path dir() {
        return dir;
    }
}
