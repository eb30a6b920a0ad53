package io.incidentfeeds.connect.mqtt.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores made for a test with the JDK's keytool: a broker certificate for localhost
 * and 127.0.0.1, a client certificate for mutual TLS, and the trust stores that pair them.
 * Self-signed certificates, valid for two days.
 */
public record TlsMaterial(Path brokerKeyStore, Path brokerTrustStore, Path clientKeyStore, Path clientTrustStore,
                          String password) {

    private static TlsMaterial shared;

    /** One set per test JVM (keytool is a JVM start per call), in a temporary folder removed at exit. */
    public static synchronized TlsMaterial shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("tls-material");
                shared = create(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try (var files = Files.list(dir)) {
                        files.forEach(file -> file.toFile().delete());
                    } catch (IOException ignored) {
                        // best effort
                    }
                    dir.toFile().delete();
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public static TlsMaterial create(Path dir) {
        String password = "test-" + Long.toHexString(System.nanoTime());
        Path brokerKeys = dir.resolve("broker-keys.p12");
        Path clientKeys = dir.resolve("client-keys.p12");
        Path brokerCert = dir.resolve("broker.crt");
        Path clientCert = dir.resolve("client.crt");
        Path clientTrust = dir.resolve("client-trust.p12");
        Path brokerTrust = dir.resolve("broker-trust.p12");
        genKeyPair(brokerKeys, "broker", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", password);
        genKeyPair(clientKeys, "client", "CN=ingest-connector", null, password);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", brokerKeys.toString(), "-storepass", password,
                "-file", brokerCert.toString());
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", clientKeys.toString(), "-storepass", password,
                "-file", clientCert.toString());
        importCert(clientTrust, "broker", brokerCert, password);
        importCert(brokerTrust, "client", clientCert, password);
        return new TlsMaterial(brokerKeys, brokerTrust, clientKeys, clientTrust, password);
    }

    private static void genKeyPair(Path store, String alias, String dname, String san, String password) {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", password, "-keypass", password));
        if (san != null) {
            args.add("-ext");
            args.add(san);
        }
        keytool(args.toArray(String[]::new));
    }

    private static void importCert(Path store, String alias, Path cert, String password) {
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", password);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
