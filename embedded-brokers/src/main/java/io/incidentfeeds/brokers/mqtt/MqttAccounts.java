package io.incidentfeeds.brokers.mqtt;

import io.incidentfeeds.brokers.secrets.Passwords;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Who may sign in to the embedded MQTT broker and what each account may do, the rules of the
 * deployment's Mosquitto ACL ({@code deploy/mosquitto/acl}): one account per agency, whose user
 * name is the agency id, which may publish only {@code incident/<its id>/+/telemetry} and read
 * nothing; and the connector's account ({@value #CONNECTOR}), which may subscribe to
 * {@code incident/+/+/telemetry} or a narrower filter (also as {@code $share/<group>/...}) and
 * publish nothing.
 *
 * <p>Only a salted PBKDF2 hash of each password is kept. Passwords this object made itself
 * ({@link #credentials}, {@link #connectorCredentials}) are also kept in memory so that a test or
 * a tool that owns the broker can hand them to its clients; accounts {@linkplain #addAgency added}
 * with a password from elsewhere (the local stack's owner-only files) are held as hashes only.
 * Accounts may be added while the broker runs.
 */
public final class MqttAccounts {

    /** The connector's user name, as in the deployment. */
    public static final String CONNECTOR = "ingest-connector";

    /** What an account is for. */
    public enum Role { AGENCY, CONNECTOR }

    private static final int ITERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Account(Role role, byte[] salt, byte[] hash) {
    }

    private final boolean anonymous;
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, MqttCredentials> issued = new ConcurrentHashMap<>();
    /** Checked against for an unknown user name, so that its refusal takes as long as a wrong password's. */
    private final Account nobody = account(Role.AGENCY, Passwords.newPassword());

    private MqttAccounts(boolean anonymous) {
        this.anonymous = anonymous;
    }

    /** No account yet: every client is refused until accounts are added. */
    public MqttAccounts() {
        this(false);
    }

    /**
     * No authentication and no authorization at all: any client may publish and subscribe to
     * anything. Only for a broker that a setting explicitly opens, with a warning.
     */
    public static MqttAccounts anonymous() {
        return new MqttAccounts(true);
    }

    public boolean isAnonymous() {
        return anonymous;
    }

    /** Adds (or replaces) an agency's account; the user name is the agency id. */
    public void addAgency(String agencyId, String password) {
        add(agencyId, Role.AGENCY, password);
    }

    /** Adds (or replaces) the connector's account, {@value #CONNECTOR}. */
    public void addConnector(String password) {
        add(CONNECTOR, Role.CONNECTOR, password);
    }

    /**
     * The credentials of an agency's account, made with a new random password on first call and
     * the same afterwards. For tests and tools that own the broker; an account added with
     * {@link #addAgency} has no password known here.
     */
    public MqttCredentials credentials(String agencyId) {
        return issue(agencyId, Role.AGENCY);
    }

    /** The connector's credentials, made on first call like {@link #credentials}. */
    public MqttCredentials connectorCredentials() {
        return issue(CONNECTOR, Role.CONNECTOR);
    }

    private MqttCredentials issue(String username, Role role) {
        requireAccounts();
        return issued.computeIfAbsent(username, name -> {
            if (accounts.containsKey(name)) {
                throw new IllegalStateException("the account " + name + " was added with a password of its own, not known here");
            }
            String password = Passwords.newPassword();
            add(name, role, password);
            return new MqttCredentials(name, password);
        });
    }

    private void add(String username, Role role, String password) {
        requireAccounts();
        if (role == Role.AGENCY && !isOneLevel(username)) {
            throw new IllegalArgumentException("an agency's user name is its id, one topic level without wildcards: " + username);
        }
        if (role == Role.AGENCY && username.equals(CONNECTOR)) {
            throw new IllegalArgumentException(CONNECTOR + " is the connector's account, not an agency's");
        }
        if (password == null || password.length() < 16) {
            throw new IllegalArgumentException("the password of " + username + " must have at least 16 characters");
        }
        accounts.put(username, account(role, password));
    }

    /** The account's role when the password is its own; empty for an unknown user or a wrong password. */
    public Optional<Role> authenticate(String username, byte[] password) {
        Account account = username == null ? null : accounts.get(username);
        Account checked = account != null ? account : nobody;
        byte[] hash = hash(password == null ? new byte[0] : password, checked.salt());
        boolean same = MessageDigest.isEqual(hash, checked.hash());
        return account != null && password != null && same ? Optional.of(account.role()) : Optional.empty();
    }

    /**
     * An agency publishes on {@code incident/<its id>/<any one level>/telemetry} (Mosquitto's
     * {@code pattern write incident/%u/+/telemetry}); nobody else publishes.
     */
    public boolean mayPublish(String username, String topic) {
        Account account = username == null ? null : accounts.get(username);
        if (account == null || account.role() != Role.AGENCY || topic == null) {
            return false;
        }
        String[] levels = topic.split("/", -1);
        return levels.length == 4 && levels[0].equals("incident") && levels[1].equals(username)
                && levels[3].equals("telemetry");
    }

    /**
     * The connector subscribes to {@code incident/+/+/telemetry} or a narrower filter (a level
     * named where the filter has {@code +}), also shared; agencies read nothing.
     */
    public boolean maySubscribe(String username, String filter) {
        Account account = username == null ? null : accounts.get(username);
        if (account == null || account.role() != Role.CONNECTOR || filter == null) {
            return false;
        }
        String[] levels = withoutShareGroup(filter).split("/", -1);
        return levels.length == 4 && levels[0].equals("incident") && oneLevel(levels[1]) && oneLevel(levels[2])
                && levels[3].equals("telemetry");
    }

    /** {@code +}, or a level without wildcards: never {@code #}. */
    private static boolean oneLevel(String level) {
        return level.equals("+") || (level.indexOf('+') < 0 && level.indexOf('#') < 0);
    }

    /** {@code $share/<group>/<filter>} without its first two levels; any other filter unchanged. */
    private static String withoutShareGroup(String filter) {
        if (!filter.startsWith("$share/")) {
            return filter;
        }
        int groupEnd = filter.indexOf('/', "$share/".length());
        return groupEnd < 0 ? "" : filter.substring(groupEnd + 1);
    }

    private void requireAccounts() {
        if (anonymous) {
            throw new IllegalStateException("an anonymous broker has no accounts");
        }
    }

    private static Account account(Role role, String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new Account(role, salt, hash(password.getBytes(StandardCharsets.UTF_8), salt));
    }

    /** PBKDF2-HMAC-SHA256 of the password's bytes (UTF-8, as MQTT sends them). */
    private static byte[] hash(byte[] password, byte[] salt) {
        char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(chars, salt, ITERATIONS, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    /** One topic level, as the user name must be to name the agency's level: not empty, no {@code /}, no wildcard. */
    private static boolean isOneLevel(String s) {
        return s != null && !s.isEmpty() && s.indexOf('/') < 0 && s.indexOf('+') < 0 && s.indexOf('#') < 0;
    }
}
