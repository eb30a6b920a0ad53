package io.incidentfeeds.brokers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker's TLS material, made with the JDK's {@code keytool} as an operator would: a CA of its own
 * ({@code ca.p12}, its certificate {@code ca.crt} in PEM), and the broker's key and certificate,
 * issued by that CA for {@code localhost} and {@code 127.0.0.1} (server and client use: a broker is
 * also a client of the controller), in {@code broker.p12}. The key store's random password is in
 * {@code keystore.password}. The directory is its owner's only. Clients trust the CA's PEM
 * certificate directly ({@code ssl.truststore.type=PEM}): no trust store password to hand out.
 *
 * <p>Made once per directory and kept; delete the directory to rotate both the CA and the broker's
 * certificate (clients then need the new {@code ca.crt}).
 */
public final class KafkaTls {

    private static final String CA = "ca";
    private static final String BROKER = "broker";

    private final Path dir;
    private final String password;

    private KafkaTls(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** The material in {@code dir}, made there first if it is not. */
    public static KafkaTls loadOrCreate(Path dir) {
        try {
            Path passwordFile = dir.resolve("keystore.password");
            if (Files.exists(passwordFile) && Files.exists(dir.resolve("broker.p12")) && Files.exists(dir.resolve("ca.crt"))) {
                return new KafkaTls(dir, Files.readString(passwordFile).trim());
            }
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(dir); // Windows: the parent's own permissions apply
            }
            for (String stale : List.of("ca.p12", "ca.crt", "broker.p12", "broker.csr", "broker.crt")) {
                Files.deleteIfExists(dir.resolve(stale));
            }
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Files.writeString(passwordFile, password + System.lineSeparator());
            KafkaTls tls = new KafkaTls(dir, password);
            tls.make();
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void make() throws IOException {
        String ca = dir.resolve("ca.p12").toString();
        String broker = dir.resolve("broker.p12").toString();
        String csr = dir.resolve("broker.csr").toString();
        String crt = dir.resolve("broker.crt").toString();
        keytool("-genkeypair", "-alias", CA, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=incident-feeds local Kafka CA", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign",
                "-storetype", "PKCS12", "-keystore", ca, "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", CA, "-keystore", ca, "-storepass", password, "-file", caCertificate().toString());
        keytool("-genkeypair", "-alias", BROKER, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "825",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", broker, "-storepass", password);
        keytool("-certreq", "-alias", BROKER, "-keystore", broker, "-storepass", password, "-file", csr);
        keytool("-gencert", "-rfc", "-alias", CA, "-keystore", ca, "-storepass", password, "-infile", csr, "-outfile", crt,
                "-validity", "825", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "KU=digitalSignature",
                "-ext", "EKU=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", CA, "-file", caCertificate().toString(), "-keystore", broker, "-storepass", password);
        keytool("-importcert", "-alias", BROKER, "-file", crt, "-keystore", broker, "-storepass", password);
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

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running keytool " + args[0], e);
        }
    }
}
