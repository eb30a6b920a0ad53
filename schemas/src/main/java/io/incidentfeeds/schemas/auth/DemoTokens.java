package io.incidentfeeds.schemas.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Mints HS256 console tokens with the contract's claims ({@link #AGENCY_ID}, {@link #ROLES},
 * {@code exp}) that ws-edge accepts when it runs with the same {@code edge.auth.hs256.secret}: for
 * tests, demos and the local stack. Not a token service: production tokens come from the agencies'
 * identity providers. Needs {@code com.nimbusds:nimbus-jose-jwt} on the class path (an optional
 * dependency of this module: the modules that mint or verify tokens declare it).
 *
 * <pre>{@code
 * String token = new DemoTokens(secret).mint("sffd", List.of("dispatcher"), Duration.ofHours(1));
 * }</pre>
 *
 * <p>From a shell: {@code java -cp ws-edge.jar -Dloader.main=io.incidentfeeds.schemas.auth.DemoTokens
 * org.springframework.boot.loader.launch.PropertiesLauncher SECRET sffd dispatcher 3600}.
 */
public final class DemoTokens {

    /** The claim naming the console's agency. */
    public static final String AGENCY_ID = "agency_id";
    /** The claim listing the console's roles. */
    public static final String ROLES = "roles";

    private final byte[] secret;

    public DemoTokens(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < 32) {
            throw new IllegalArgumentException("the HS256 secret must be at least 256 bits (32 bytes)");
        }
    }

    /** A token for {@code agencyId} with {@code roles}, valid from now for {@code ttl}. */
    public String mint(String agencyId, List<String> roles, Duration ttl) {
        return mint(agencyId, roles, Instant.now(), Instant.now().plus(ttl));
    }

    /** A token issued at {@code issuedAt} that expires at {@code expiresAt} (either may be in the past). */
    public String mint(String agencyId, List<String> roles, Instant issuedAt, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(agencyId + "-console")
                .issuer("incident-feeds-demo")
                .claim(AGENCY_ID, agencyId)
                .claim(ROLES, roles)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a demo token", e);
        }
    }

    /** {@code DemoTokens SECRET AGENCY ROLE[,ROLE...] TTL_SECONDS}: prints one token. */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: DemoTokens SECRET AGENCY ROLE[,ROLE...] TTL_SECONDS");
            System.exit(2);
        }
        System.out.println(new DemoTokens(args[0])
                .mint(args[1], List.of(args[2].split(",")), Duration.ofSeconds(Long.parseLong(args[3]))));
    }
}
