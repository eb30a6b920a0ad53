package io.incidentfeeds.localstack.component;

import io.incidentfeeds.brokers.EmbeddedMqttBroker;
import io.incidentfeeds.brokers.mqtt.MqttAccounts;
import io.incidentfeeds.brokers.secrets.Keytool;
import io.incidentfeeds.brokers.secrets.OwnerOnlyFile;
import io.incidentfeeds.brokers.secrets.Passwords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded MQTT broker (HiveMQ CE, in the launcher's JVM) with persistent sessions under
 * {@code data.dir/mqtt}, a plain listener and a TLS listener whose self-signed certificate is made
 * with the JDK's keytool on first run and kept in {@code data.dir/tls}. Clients sign in with the
 * stack's accounts (each agency publishes only its own telemetry, the connector only subscribes),
 * unless the settings open it with {@link MqttAccounts#anonymous()}.
 */
public final class MqttBrokerComponent implements Component {

    private static final long MAX_QUEUED_PER_SESSION = 1_000_000;

    private final Path dataDir;
    private final int port;
    private final int tlsPort;
    private final MqttAccounts accounts;
    private EmbeddedMqttBroker broker;

    public MqttBrokerComponent(Path dataDir, int port, int tlsPort, MqttAccounts accounts) {
        this.dataDir = dataDir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.accounts = accounts;
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public void start(Duration timeout) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.loadOrCreate(dataDir.resolve("tls"));
        EmbeddedMqttBroker.Tls tls = new EmbeddedMqttBroker.Tls(tlsPort, certificate.keyStore(), certificate.password(),
                certificate.password(), null, null, false);
        if (broker == null) {
            broker = new EmbeddedMqttBroker(Files.createDirectories(dataDir.resolve("mqtt")), port, tls, MAX_QUEUED_PER_SESSION, accounts);
        }
        broker.start();
    }

    public String uri() {
        return broker.uri();
    }

    @Override
    public String address() {
        return broker.uri() + " and " + broker.tlsUri() + " (CA: " + dataDir.resolve("tls").resolve(SelfSignedCertificate.CERT_FILE) + "; "
                + (accounts.isAnonymous() ? "ANONYMOUS: no sign-in, any client may publish for any agency" : "sign-in required") + ")";
    }

    /** The broker runs in this JVM, so a crash is approximated by an immediate stop (its files stay). */
    @Override
    public void kill() {
        close();
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.stop();
        }
    }

    /**
     * A self-signed server certificate for 127.0.0.1/localhost, made once with keytool, in an
     * owner-only directory; the key store's password is in an owner-only file, which keytool reads.
     */
    record SelfSignedCertificate(Path keyStore, String password) {

        static final String CERT_FILE = "mqtt-server.crt";

        static SelfSignedCertificate loadOrCreate(Path dir) throws IOException {
            OwnerOnlyFile.directory(dir);
            Path keyStore = dir.resolve("mqtt-server.p12");
            Path passwordFile = dir.resolve("mqtt-server.password");
            if (!Files.exists(keyStore)) {
                OwnerOnlyFile.write(passwordFile, Passwords.newPassword() + System.lineSeparator());
                String storepass = passwordFile.toString();
                Keytool.run("-genkeypair", "-alias", "mqtt", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3650",
                        "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass:file", storepass);
                Keytool.run("-exportcert", "-rfc", "-alias", "mqtt", "-keystore", keyStore.toString(), "-storepass:file", storepass,
                        "-file", dir.resolve(CERT_FILE).toString());
            }
            return new SelfSignedCertificate(keyStore, OwnerOnlyFile.read(passwordFile));
        }
    }
}
