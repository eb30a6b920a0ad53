package io.incidentfeeds.localstack.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Demo console tokens for the local stack: HS256 JWTs with the claims the contract names
 * ({@code agency_id}, {@code roles}, {@code exp}), signed with the stack's own secret (from its
 * settings file, generated on first run). One dispatcher token per agency and one {@code eoc}
 * token, written to a file readable by the owner only.
 */
public final class DemoTokens {

    public static final String EOC_AGENCY = "oes";

    private final byte[] secret;
    private final Duration ttl;

    public DemoTokens(String secret, Duration ttl) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < 32) {
            throw new IllegalArgumentException("the HS256 secret must be at least 256 bits (32 bytes)");
        }
        this.ttl = ttl;
    }

    /** A token for {@code agencyId} with {@code roles}, valid from {@code now} for the configured time. */
    public String mint(String agencyId, List<String> roles, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(agencyId + "-demo-console")
                .issuer("incident-feeds-local-stack")
                .claim("agency_id", agencyId)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a demo token", e);
        }
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

    /** Writes {@code label<TAB>token} lines (owner read/write only where the file system allows it). */
    public static Path writeFile(Path file, Map<String, String> tokens, Instant expires) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Demo console tokens of the local stack, valid until " + expires + ". Paste one into the console's sign-in.");
        tokens.forEach((label, token) -> lines.add(label + "\t" + token));
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions apply
        }
        return file;
    }
}
