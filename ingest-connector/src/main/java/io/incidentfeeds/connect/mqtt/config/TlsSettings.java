package io.incidentfeeds.connect.mqtt.config;

import org.apache.kafka.common.config.types.Password;

/** The {@code mqtt.ssl.*} keys; blank paths mean "not configured". Passwords stay wrapped so that they print as [hidden]. */
public record TlsSettings(String trustStorePath, Password trustStorePassword,
                          String keyStorePath, Password keyStorePassword, Password keyPassword) {

    public boolean hasTrustStore() {
        return !trustStorePath.isBlank();
    }

    public boolean hasKeyStore() {
        return !keyStorePath.isBlank();
    }

    /** The private key's password: its own when given, else the key store's (the usual keytool default). */
    public char[] effectiveKeyPassword() {
        String own = keyPassword == null ? "" : keyPassword.value();
        return (own.isEmpty() ? chars(keyStorePassword) : own.toCharArray());
    }

    public static char[] chars(Password password) {
        return password == null ? new char[0] : password.value().toCharArray();
    }
}
