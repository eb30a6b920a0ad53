package io.incidentfeeds.edge.auth;

import io.incidentfeeds.schemas.auth.DemoTokens;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.incidentfeeds.edge.EdgeProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies console JWTs: HS256 with a shared secret and/or RS256 with RSA public keys (a PEM file,
 * a JWKS file, or both). The algorithm is taken from the configured keys, never trusted from the
 * token alone, so an RS256 public key can never be used as an HS256 secret. Required claims:
 * {@code agency_id} (the contract's agency id form), {@code roles} (strings) and {@code exp}.
 * Thread-safe.
 */
public final class TokenVerifier {

    private static final Pattern AGENCY_ID = Pattern.compile("[a-z0-9_-]{2,32}");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(EdgeProperties.Auth auth) {
        List<JWK> keys = loadKeys(auth);
        if (keys.isEmpty()) {
            throw new IllegalStateException("no JWT key configured: set edge.auth.hs256.secret, "
                    + "edge.auth.rs256.public-key-file or edge.auth.rs256.jwks-file");
        }
        Set<JWSAlgorithm> algorithms = keys.stream()
                .map(k -> k instanceof OctetSequenceKey ? JWSAlgorithm.HS256 : JWSAlgorithm.RS256)
                .collect(java.util.stream.Collectors.toSet());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(new JWKSet(keys))));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(null, Set.of(DemoTokens.AGENCY_ID, DemoTokens.ROLES, "exp"));
        claims.setMaxClockSkew((int) auth.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The console the token names; throws when it does not verify, is expired or lacks a claim. */
    public ConsolePrincipal verify(String token) throws TokenRejectedException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new TokenRejectedException("not a JWT");
        } catch (BadJWTException e) {
            throw new TokenRejectedException(e.getMessage());
        } catch (BadJOSEException e) {
            throw new TokenRejectedException("signature does not verify");
        } catch (JOSEException e) {
            throw new TokenRejectedException("cannot verify the token");
        }
        try {
            String agency = claims.getStringClaim(DemoTokens.AGENCY_ID);
            List<String> roles = claims.getStringListClaim(DemoTokens.ROLES);
            if (agency == null || !AGENCY_ID.matcher(agency).matches()) {
                throw new TokenRejectedException("agency_id is not an agency id");
            }
            if (roles == null) {
                throw new TokenRejectedException("roles must be a list of strings");
            }
            Instant exp = claims.getExpirationTime().toInstant();
            return new ConsolePrincipal(agency, roles, exp, claims.getSubject());
        } catch (ParseException e) {
            throw new TokenRejectedException("agency_id must be a string and roles a list of strings");
        }
    }

    private static List<JWK> loadKeys(EdgeProperties.Auth auth) {
        List<JWK> keys = new ArrayList<>();
        String secret = auth.hs256().secret();
        if (secret != null && !secret.isEmpty()) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalStateException("edge.auth.hs256.secret must be at least 256 bits (32 bytes)");
            }
            keys.add(new OctetSequenceKey.Builder(bytes).algorithm(JWSAlgorithm.HS256).build());
        }
        try {
            if (auth.rs256().publicKeyFile() != null) {
                keys.add(new RSAKey.Builder(readPem(Files.readString(auth.rs256().publicKeyFile())))
                        .algorithm(JWSAlgorithm.RS256).build());
            }
            if (auth.rs256().jwksFile() != null) {
                for (JWK key : JWKSet.load(auth.rs256().jwksFile().toFile()).getKeys()) {
                    if (key instanceof RSAKey rsa) {
                        keys.add(rsa.toPublicJWK());
                    }
                }
            }
        } catch (IOException | ParseException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the RS256 keys: " + e.getMessage(), e);
        }
        return keys;
    }

    /** An RSA public key from PEM ({@code BEGIN PUBLIC KEY}, X.509 SubjectPublicKeyInfo). */
    static RSAPublicKey readPem(String pem) throws java.security.GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
