package io.incidentfeeds.connect.mqtt.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Loads the trust and key stores named by {@code mqtt.ssl.*} (JKS or PKCS12, detected from the file). */
public final class Stores {

    private Stores() {
    }

    /** Fails when the path does not name a readable file; the message is fit for an operator. */
    public static void checkReadable(String path) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file.toAbsolutePath());
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("not readable by the Connect worker: " + file.toAbsolutePath());
        }
    }

    /**
     * Opens a store; {@link KeyStore#getInstance(java.io.File, char[])} detects the type, so operators
     * need not say whether it is JKS or PKCS12.
     *
     * @throws IllegalArgumentException when it cannot be read, is not a store, or the password is wrong
     */
    public static KeyStore load(String path, char[] password) {
        checkReadable(path);
        try {
            return KeyStore.getInstance(Path.of(path).toFile(), password);
        } catch (IOException e) {
            // KeyStore reports a wrong password as an IOException whose cause is UnrecoverableKeyException.
            throw new IllegalArgumentException("cannot open " + path + " (wrong password, or not a JKS/PKCS12 store): "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }
}
