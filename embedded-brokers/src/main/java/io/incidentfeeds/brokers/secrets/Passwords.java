package io.incidentfeeds.brokers.secrets;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The project's one maker of random passwords (MQTT accounts, SCRAM users, key stores): 128 random
 * bits, URL-safe Base64, so a password types unchanged in a shell, a properties or JAAS file,
 * {@code mosquitto_pub -P}, a device's form and a java {@code @argfile}.
 */
public final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    public static String newPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
