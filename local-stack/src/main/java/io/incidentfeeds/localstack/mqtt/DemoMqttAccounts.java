package io.incidentfeeds.localstack.mqtt;

import io.incidentfeeds.brokers.mqtt.MqttAccounts;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import io.incidentfeeds.brokers.secrets.OwnerOnlyFile;
import io.incidentfeeds.brokers.secrets.Passwords;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The local stack's MQTT accounts, laid out as the deployment's {@code deploy/make-secrets.sh} lays
 * them out: one random password per agency in {@code data.dir/mqtt-agencies/<agency>.password}
 * (what the field simulator's {@code --credentials-dir} reads) and the connector's in
 * {@code data.dir/mqtt-connector.properties} ({@code password=...}, which the Connect worker
 * resolves with its {@code FileConfigProvider}). Made on first run, readable by their owner only,
 * kept across runs; an agency added since gets its file on the next start. The broker holds only
 * their hashes ({@link MqttAccounts}).
 */
public final class DemoMqttAccounts {

    public static final String AGENCIES_DIR = "mqtt-agencies";
    public static final String CONNECTOR_FILE = "mqtt-connector.properties";

    private final Path agenciesDir;
    private final Path connectorFile;
    private final List<String> agencies;

    private DemoMqttAccounts(Path agenciesDir, Path connectorFile, List<String> agencies) {
        this.agenciesDir = agenciesDir;
        this.connectorFile = connectorFile;
        this.agencies = List.copyOf(agencies);
    }

    /** Reads the password files under {@code dataDir}, making those that are missing. */
    public static DemoMqttAccounts loadOrCreate(Path dataDir, List<String> agencies) throws IOException {
        Path dir = OwnerOnlyFile.directory(dataDir.resolve(AGENCIES_DIR));
        for (String agency : agencies) {
            Path file = dir.resolve(agency + ".password");
            if (!Files.exists(file)) {
                OwnerOnlyFile.write(file, Passwords.newPassword() + System.lineSeparator());
            }
        }
        Path connector = dataDir.resolve(CONNECTOR_FILE);
        if (!Files.exists(connector)) {
            OwnerOnlyFile.write(connector, "# The connector's MQTT account (" + MqttAccounts.CONNECTOR + ") on the local stack's broker."
                    + System.lineSeparator() + "password=" + Passwords.newPassword() + System.lineSeparator());
        }
        return new DemoMqttAccounts(dir, connector, agencies);
    }

    /** The broker's accounts: every agency's and the connector's, as hashes of the files' passwords. */
    public MqttAccounts accounts() throws IOException {
        MqttAccounts accounts = new MqttAccounts();
        for (String agency : agencies) {
            accounts.addAgency(agency, credentials(agency).password());
        }
        accounts.addConnector(connectorPassword());
        return accounts;
    }

    /** An agency's credentials, read from its file. */
    public MqttCredentials credentials(String agency) throws IOException {
        Path file = agenciesDir.resolve(agency + ".password");
        if (!agencies.contains(agency) || !Files.exists(file)) {
            throw new IllegalArgumentException("no MQTT account for agency " + agency + "; the stack's agencies: " + agencies);
        }
        return new MqttCredentials(agency, Files.readString(file).trim());
    }

    /** The connector's credentials, read from its file. */
    public MqttCredentials connectorCredentials() throws IOException {
        return new MqttCredentials(MqttAccounts.CONNECTOR, connectorPassword());
    }

    private String connectorPassword() throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(connectorFile)) {
            properties.load(in);
        }
        String password = properties.getProperty("password", "").trim();
        if (password.isEmpty()) {
            throw new IllegalStateException(connectorFile + " has no password=...; delete it to have a new one made");
        }
        return password;
    }

    /** {@code data.dir/mqtt-agencies}: one {@code <agency>.password} file per agency. */
    public Path agenciesDir() {
        return agenciesDir;
    }

    /** {@code data.dir/mqtt-connector.properties}: the connector's {@code password}. */
    public Path connectorFile() {
        return connectorFile;
    }
}
