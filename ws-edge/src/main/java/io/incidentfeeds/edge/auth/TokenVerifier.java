package io.incidentfeeds.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
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
import java.time.Duration;
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
 * (and {@code nbf}); a provider's token also for the provider's {@code iss} and {@code aud}. Then
 * {@link ClaimMapping} finds the agency and the roles. Thread-safe.
 */
public final class TokenVerifier implements AutoCloseable {

    /** Access-token types providers put in {@code typ} (RFC 9068's, and plain JWT), or none. */
    private static final Set<JOSEObjectType> TOKEN_TYPES = new HashSet<>(Arrays.asList(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));

    private final JWSKeySelector<SecurityContext> staticKeys;
    private final DefaultJWTProcessor<SecurityContext> staticTokens;
    private final DefaultJWTProcessor<SecurityContext> providerTokens;
    private final IdentityProviderKeys provider;
    private final ClaimMapping mapping;

    public TokenVerifier(EdgeProperties.Auth auth) {
        List<JWK> keys = loadKeys(auth);
        EdgeProperties.Jwks jwks = auth.jwks();
        if (keys.isEmpty() && jwks.url() == null) {
            throw new IllegalStateException("no JWT key configured: set edge.auth.hs256.secret, "
                    + "edge.auth.rs256.public-key-file, edge.auth.rs256.jwks-file or edge.auth.jwks.url");
        }
        mapping = new ClaimMapping(auth.claims());
        if (keys.isEmpty()) {
            staticKeys = null;
            staticTokens = null;
        } else {
            Set<JWSAlgorithm> algorithms = keys.stream()
                    .map(k -> k instanceof OctetSequenceKey ? JWSAlgorithm.HS256 : JWSAlgorithm.RS256)
                    .collect(Collectors.toSet());
            staticKeys = new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(new JWKSet(keys)));
            staticTokens = processor(staticKeys, new JWTClaimsSet.Builder().build(), null, auth.clockSkew());
        }
        if (jwks.url() == null) {
            provider = null;
            providerTokens = null;
        } else {
            if (jwks.issuer() == null || jwks.issuer().isBlank() || jwks.audience().isEmpty()) {
                throw new IllegalStateException("edge.auth.jwks.url needs edge.auth.jwks.issuer and edge.auth.jwks.audience: "
                        + "an identity provider's token is always checked for who issued it and for whom");
            }
            provider = new IdentityProviderKeys(jwks);
            providerTokens = processor(provider.selector(), new JWTClaimsSet.Builder().issuer(jwks.issuer()).build(),
                    new HashSet<>(jwks.audience()), auth.clockSkew());
        }
    }

    /** The console the token names; throws when it does not verify, is expired or lacks a claim. */
    public ConsolePrincipal verify(String token) throws TokenRejectedException {
        JWTClaimsSet claims;
        try {
            if (!(JWTParser.parse(token) instanceof SignedJWT jwt)) {
                throw new TokenRejectedException("the token is not signed");
            }
            claims = processorFor(jwt.getHeader()).process(jwt, null);
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
     * A token that fits a static key (by algorithm and kid) is verified with the static keys;
     * any other with the identity provider's keys and its issuer and audience. So a static-key token
     * never makes the edge fetch the provider's keys, and a provider's token is never accepted
     * without its issuer and audience checked.
     */
    private DefaultJWTProcessor<SecurityContext> processorFor(JWSHeader header) throws KeySourceException {
        if (staticTokens != null && (providerTokens == null || !staticKeys.selectJWSKeys(header, null).isEmpty())) {
            return staticTokens;
        }
        return providerTokens;
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWSKeySelector<SecurityContext> keys, JWTClaimsSet exact,
                                                                  Set<String> audience, Duration clockSkew) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TOKEN_TYPES));
        Set<String> required = new HashSet<>(Set.of("exp"));
        required.addAll(exact.getClaims().keySet());
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience, exact, required, null);
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
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
