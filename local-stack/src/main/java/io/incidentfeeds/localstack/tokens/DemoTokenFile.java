package io.incidentfeeds.localstack.tokens;

import io.incidentfeeds.brokers.secrets.OwnerOnlyFile;
import io.incidentfeeds.schemas.auth.DemoTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stack's demo console tokens ({@link DemoTokens}, signed with the stack's own secret from
 * its settings file, generated on first run): one dispatcher token per agency and one {@code eoc}
 * token, written to a file readable by the owner only.
 */
public final class DemoTokenFile {

    public static final String EOC_AGENCY = "oes";

    private final DemoTokens tokens;
    private final Duration ttl;

    public DemoTokenFile(String secret, Duration ttl) {
        this.tokens = new DemoTokens(secret);
        this.ttl = ttl;
    }

    /** A token for {@code agencyId} with {@code roles}, valid from {@code now} for the configured time. */
    public String mint(String agencyId, List<String> roles, Instant now) {
        return tokens.mint(agencyId, roles, now, now.plus(ttl));
    }

    /** A dispatcher token per agency and one EOC token, by label ("sffd", ..., "eoc"). */
    public Map<String, String> mintAll(List<String> agencies, Instant now) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String agency : agencies) {
            tokens.put(agency, mint(agency, List.of("dispatcher"), now));
        }
        tokens.put("eoc", mint(EOC_AGENCY, List.of("eoc"), now));
        return tokens;
    }

    /** Writes {@code label<TAB>token} lines to a new owner-only file (0600 where the file system has POSIX permissions). */
    public static Path writeFile(Path file, Map<String, String> tokens, Instant expires) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Demo console tokens of the local stack, valid until " + expires + ". Paste one into the console's sign-in.");
        tokens.forEach((label, token) -> lines.add(label + "\t" + token));
        return OwnerOnlyFile.write(file, String.join(System.lineSeparator(), lines) + System.lineSeparator());
    }
}
