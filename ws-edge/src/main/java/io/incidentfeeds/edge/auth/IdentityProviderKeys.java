package io.incidentfeeds.edge.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.incidentfeeds.edge.EdgeProperties;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An identity provider's signing keys, from its JWKS URL, through nimbus-jose-jwt's
 * {@link JWKSourceBuilder}: cached for {@code cache-ttl} and refreshed ahead of expiry; a token
 * whose {@code kid} is not in the cached set makes it fetch the set again (how a rotated-in key is
 * picked up, and a retired one dropped), at most twice per {@code rate-limit}, so a flood of
 * made-up kids cannot turn the edge against the provider. Only the configured asymmetric
 * algorithms are accepted, each with keys of its own type (RS256: RSA, ES256: EC P-256).
 */
final class IdentityProviderKeys implements Closeable {

    /** Largest JWKS document read (nimbus' default): a provider publishes a handful of keys. */
    private static final int MAX_JWKS_BYTES = JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT;

    private final JWKSource<SecurityContext> source;
    private final JWSKeySelector<SecurityContext> selector;

    IdentityProviderKeys(EdgeProperties.Jwks config) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : config.algorithms()) {
            JWSAlgorithm alg = JWSAlgorithm.parse(name);
            if (!JWSAlgorithm.Family.RSA.contains(alg) && !JWSAlgorithm.Family.EC.contains(alg)) {
                throw new IllegalStateException("edge.auth.jwks.algorithms: " + name
                        + " is not an RSA or EC signature algorithm");
            }
            algorithms.add(alg);
        }
        int timeout = (int) config.timeout().toMillis();
        try {
            source = JWKSourceBuilder.<SecurityContext>create(config.url().toURL(),
                            new DefaultResourceRetriever(timeout, timeout, MAX_JWKS_BYTES))
                    // a caller waits for another's fetch at most as long as a fetch may take
                    .cache(config.cacheTtl().toMillis(), 2L * timeout)
                    .refreshAheadCache(config.refreshAhead().toMillis(), false)
                    .rateLimited(config.rateLimit().toMillis())
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("edge.auth.jwks: " + e.getMessage(), e);
        }
        selector = new JWSVerificationKeySelector<>(algorithms, source);
    }

    JWSKeySelector<SecurityContext> selector() {
        return selector;
    }

    @Override
    public void close() throws IOException {
        if (source instanceof Closeable closeable) {
            closeable.close();
        }
    }
}
