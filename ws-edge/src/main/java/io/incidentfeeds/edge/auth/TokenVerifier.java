package io.incidentfeeds.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
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
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies console JWTs: HS256 with a shared secret, RS256 with static RSA public keys (a PEM file,
 * a JWKS file), and RS256/ES256 with an identity provider's keys from its JWKS URL
 * ({@link IdentityProviderKeys}). The algorithm is taken from the configured keys, never trusted
 * from the token alone, so a public key can never be used as an HMAC secret. Checks {@code exp}
 * (and {@code nbf}), and {@code iss} and {@code aud} when configured (required with a JWKS URL);
 * then {@link ClaimMapping} finds the agency and the roles. Thread-safe.
 */
public final class TokenVerifier implements AutoCloseable {

    /** Access-token types providers put in {@code typ} (RFC 9068's, and plain JWT), or none. */
    private static final Set<JOSEObjectType> TOKEN_TYPES = new HashSet<>(Arrays.asList(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final ClaimMapping mapping;
    private final IdentityProviderKeys provider;

    public TokenVerifier(EdgeProperties.Auth auth) {
        List<JWK> keys = loadKeys(auth);
        boolean remote = auth.jwks().url() != null;
        if (keys.isEmpty() && !remote) {
            throw new IllegalStateException("no JWT key configured: set edge.auth.hs256.secret, "
                    + "edge.auth.rs256.public-key-file, edge.auth.rs256.jwks-file or edge.auth.jwks.url");
        }
        if (remote && (auth.issuer() == null || auth.issuer().isBlank() || auth.audience().isEmpty())) {
            throw new IllegalStateException("edge.auth.jwks.url needs edge.auth.issuer and edge.auth.audience: "
                    + "an identity provider's token is always checked for who issued it and for whom");
        }
        mapping = new ClaimMapping(auth.claims());
        JWSKeySelector<SecurityContext> local = null;
        if (!keys.isEmpty()) {
            Set<JWSAlgorithm> algorithms = keys.stream()
                    .map(k -> k instanceof OctetSequenceKey ? JWSAlgorithm.HS256 : JWSAlgorithm.RS256)
                    .collect(Collectors.toSet());
            local = new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(new JWKSet(keys)));
        }
        provider = remote ? new IdentityProviderKeys(auth.jwks()) : null;
        processor.setJWSKeySelector(either(local, provider == null ? null : provider.selector()));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TOKEN_TYPES));
        Set<String> required = new HashSet<>(Set.of("exp"));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (auth.issuer() != null && !auth.issuer().isBlank()) {
            exact.issuer(auth.issuer());
            required.add("iss");
        }
        Set<String> audience = auth.audience().isEmpty() ? null : new HashSet<>(auth.audience());
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience, exact.build(), required, null);
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
        } catch (RateLimitReachedException e) {
            throw new TokenRejectedException("unknown signing key: the identity provider's keys were fetched too recently to look again");
        } catch (KeySourceException e) {
            throw new TokenRejectedException("the identity provider's keys cannot be fetched");
        } catch (JOSEException e) {
            throw new TokenRejectedException("cannot verify the token");
        }
        return mapping.principal(claims);
    }

    @Override
    public void close() throws IOException {
        if (provider != null) {
            provider.close();
        }
    }

    /**
     * The static keys first; the identity provider only when none of them fits the token's header,
     * so a token signed with a static key never makes the edge fetch the provider's keys.
     */
    private static JWSKeySelector<SecurityContext> either(JWSKeySelector<SecurityContext> local,
                                                          JWSKeySelector<SecurityContext> remote) {
        if (local == null || remote == null) {
            return local == null ? remote : local;
        }
        return (header, context) -> {
            List<? extends Key> keys = local.selectJWSKeys(header, context);
            return keys.isEmpty() ? remote.selectJWSKeys(header, context) : keys;
        };
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
