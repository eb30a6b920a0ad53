package io.incidentfeeds.brokers;

import io.incidentfeeds.brokers.secrets.Keytool;
import io.incidentfeeds.brokers.secrets.OwnerOnlyFile;
import io.incidentfeeds.brokers.secrets.Passwords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A broker's TLS material, made with the JDK's {@code keytool} as an operator would: a CA of its own
 * ({@code ca.p12}, its certificate {@code ca.crt} in PEM), and the broker's key and certificate,
 * issued by that CA for {@code localhost} and {@code 127.0.0.1} (server and client use: a broker is
 * also a client of the controller), in {@code broker.p12}. The key store's random password is in
 * {@code keystore.password}: the directory and that file are their owner's only (0700, 0600), and
 * keytool reads the password from the file, not from its command line. Clients trust the CA's PEM
 * certificate directly ({@code ssl.truststore.type=PEM}): no trust store password to hand out.
 *
 * <p>Made once per directory and kept; delete the directory to rotate both the CA and the broker's
 * certificate (clients then need the new {@code ca.crt}).
 */
public final class KafkaTls {

    private static final String CA = "ca";
    private static final String BROKER = "broker";
    private static final String PASSWORD_FILE = "keystore.password";

    private final Path dir;
    private final String password;

    private KafkaTls(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** The material in {@code dir}, made there first if it is not. */
    public static KafkaTls loadOrCreate(Path dir) {
        try {
            Path passwordFile = dir.resolve(PASSWORD_FILE);
            if (Files.exists(passwordFile) && Files.exists(dir.resolve("broker.p12")) && Files.exists(dir.resolve("ca.crt"))) {
                return new KafkaTls(dir, OwnerOnlyFile.read(passwordFile));
            }
            OwnerOnlyFile.directory(dir);
            for (String stale : List.of("ca.p12", "ca.crt", "broker.p12", "broker.csr", "broker.crt")) {
                Files.deleteIfExists(dir.resolve(stale));
            }
            String password = Passwords.newPassword();
            OwnerOnlyFile.write(passwordFile, password + System.lineSeparator());
            KafkaTls tls = new KafkaTls(dir, password);
            tls.make();
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** keytool reads the key stores' password from {@code keystore.password}, never from its command line. */
    private void make() throws IOException {
        String ca = dir.resolve("ca.p12").toString();
        String broker = dir.resolve("broker.p12").toString();
        String csr = dir.resolve("broker.csr").toString();
        String crt = dir.resolve("broker.crt").toString();
        String storepass = dir.resolve(PASSWORD_FILE).toString();
        Keytool.run("-genkeypair", "-alias", CA, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=incident-feeds local Kafka CA", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign",
                "-storetype", "PKCS12", "-keystore", ca, "-storepass:file", storepass);
        Keytool.run("-exportcert", "-rfc", "-alias", CA, "-keystore", ca, "-storepass:file", storepass,
                "-file", caCertificate().toString());
        Keytool.run("-genkeypair", "-alias", BROKER, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "825",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", broker, "-storepass:file", storepass);
        Keytool.run("-certreq", "-alias", BROKER, "-keystore", broker, "-storepass:file", storepass, "-file", csr);
        Keytool.run("-gencert", "-rfc", "-alias", CA, "-keystore", ca, "-storepass:file", storepass, "-infile", csr, "-outfile", crt,
                "-validity", "825", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "KU=digitalSignature",
                "-ext", "EKU=serverAuth,clientAuth");
        Keytool.run("-importcert", "-noprompt", "-alias", CA, "-file", caCertificate().toString(), "-keystore", broker,
                "-storepass:file", storepass);
        Keytool.run("-importcert", "-alias", BROKER, "-file", crt, "-keystore", broker, "-storepass:file", storepass);
        Files.delete(dir.resolve("broker.csr"));
    }

    /** The CA's certificate (PEM): what a client trusts. */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** The broker's settings: its key store, for every TLS listener. */
    public Map<String, String> brokerSettings() {
        return Map.of("ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", dir.resolve("broker.p12").toAbsolutePath().toString(),
                "ssl.keystore.password", password,
                // The broker is the controller's client too: it trusts the same CA.
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", caCertificate().toAbsolutePath().toString());
    }

    /** A client's settings: trust the CA (host names are verified: the certificate names localhost and 127.0.0.1). */
    public Map<String, String> clientSettings() {
        return Map.of("ssl.truststore.type", "PEM",
                "ssl.truststore.location", caCertificate().toAbsolutePath().toString());
    }
}
