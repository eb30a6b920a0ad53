package io.incidentfeeds.localstack.idp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Mints the local identity provider's access tokens: RS256 with its signing key (kid in the
 * header), {@code iss} the provider's URL, {@code aud} the edge, and the contract's console claims
 * {@code agency_id} and {@code roles}, so ws-edge reads them with its default claim mapping.
 */
public final class TokenIssuer {

    /** The audience the stack's edge is configured to accept. */
    public static final String AUDIENCE = "ws-edge";

    private final RSAKey key;
    private final String issuer;
    private final Duration ttl;

    public TokenIssuer(RSAKey key, String issuer, Duration ttl) {
        this.key = key;
        this.issuer = issuer;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    public String issuer() {
        return issuer;
    }

    /** A token for {@code subject}, obtained through {@code clientId}, valid from {@code now}. */
    public String mint(String subject, String clientId, String agencyId, List<String> roles, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .claim("client_id", clientId)
                .claim("agency_id", agencyId)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
