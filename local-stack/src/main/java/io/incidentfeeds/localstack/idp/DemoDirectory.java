package io.incidentfeeds.localstack.idp;

import io.incidentfeeds.brokers.secrets.OwnerOnlyFile;
import io.incidentfeeds.brokers.secrets.Passwords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local identity provider's accounts: one dispatcher per agency ({@code <agency>-dispatcher}),
 * an {@code eoc} user, a client for the password grant ({@code incident-tools}: QGIS, curl, the
 * console) and one for the client-credentials grant ({@code eoc-service}, a tool acting as the EOC).
 * Passwords and client secrets are random, made on first run and kept in a file only its owner may
 * read ({@code data.dir/idp-users.txt}, beside the demo tokens); never constants in the code.
 */
public final class DemoDirectory {

    public static final String EOC_AGENCY = "oes";
    public static final String PASSWORD_CLIENT = "incident-tools";
    public static final String SERVICE_CLIENT = "eoc-service";

    /** A person who signs in with a password. */
    public record User(String name, String password, String agencyId, List<String> roles) {
    }

    /**
     * An OAuth2 client: {@code agencyId}/{@code roles} are what a client-credentials token of its
     * own carries; null for a client that may only pass its users' passwords on.
     */
    public record Client(String id, String secret, String agencyId, List<String> roles) {

        public boolean mayUseClientCredentials() {
            return agencyId != null;
        }
    }

    private final Map<String, User> users;
    private final Map<String, Client> clients;

    private DemoDirectory(Map<String, User> users, Map<String, Client> clients) {
        this.users = users;
        this.clients = clients;
    }

    /**
     * Reads the accounts file, or makes one with fresh secrets for these agencies. A file from an
     * earlier run is kept as it is (so its passwords stay valid), with accounts for agencies added
     * since appended.
     */
    public static DemoDirectory loadOrCreate(Path file, List<String> agencies) throws IOException {
        Map<String, User> users = new LinkedHashMap<>();
        Map<String, Client> clients = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t", -1);
                if (line.startsWith("#") || f.length != 5) {
                    continue;
                }
                List<String> roles = f[4].isEmpty() ? List.of() : List.of(f[4].split(","));
                if (f[0].equals("user")) {
                    users.put(f[1], new User(f[1], f[2], f[3], roles));
                } else if (f[0].equals("client")) {
                    clients.put(f[1], new Client(f[1], f[2], f[3].isEmpty() ? null : f[3], roles));
                }
            }
        }
        int known = users.size() + clients.size();
        for (String agency : agencies) {
            users.putIfAbsent(agency + "-dispatcher", new User(agency + "-dispatcher", Passwords.newPassword(), agency, List.of("dispatcher")));
        }
        users.putIfAbsent("eoc", new User("eoc", Passwords.newPassword(), EOC_AGENCY, List.of("eoc")));
        clients.putIfAbsent(PASSWORD_CLIENT, new Client(PASSWORD_CLIENT, Passwords.newPassword(), null, List.of()));
        clients.putIfAbsent(SERVICE_CLIENT, new Client(SERVICE_CLIENT, Passwords.newPassword(), EOC_AGENCY, List.of("eoc")));
        if (users.size() + clients.size() != known) {
            write(file, users, clients);
        }
        return new DemoDirectory(Map.copyOf(users), Map.copyOf(clients));
    }

    /** The user, when the password is theirs (compared in constant time). */
    public Optional<User> user(String name, String password) {
        User user = name == null ? null : users.get(name);
        return user != null && same(user.password(), password) ? Optional.of(user) : Optional.empty();
    }

    /** The client, when the secret is its own (compared in constant time). */
    public Optional<Client> client(String id, String secret) {
        Client client = id == null ? null : clients.get(id);
        return client != null && same(client.secret(), secret) ? Optional.of(client) : Optional.empty();
    }

    public List<User> users() {
        return users.values().stream().sorted(java.util.Comparator.comparing(User::name)).toList();
    }

    private static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, Map<String, User> users, Map<String, Client> clients) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# The local stack's identity provider: demo users and OAuth2 clients, secrets made on first run.");
        lines.add("# kind\tname\tpassword or secret\tagency\troles");
        users.values().forEach(u -> lines.add(String.join("\t", "user", u.name(), u.password(), u.agencyId(),
                String.join(",", u.roles()))));
        clients.values().forEach(c -> lines.add(String.join("\t", "client", c.id(), c.secret(),
                c.agencyId() == null ? "" : c.agencyId(), String.join(",", c.roles()))));
        OwnerOnlyFile.write(file, String.join(System.lineSeparator(), lines) + System.lineSeparator());
    }
}
