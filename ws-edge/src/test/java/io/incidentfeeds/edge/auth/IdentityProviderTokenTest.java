package io.incidentfeeds.edge.auth;

import static io.incidentfeeds.edge.testing.JwksServer.ecKey;
import static io.incidentfeeds.edge.testing.JwksServer.rsaKey;
import static io.incidentfeeds.edge.testing.JwksServer.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.incidentfeeds.edge.testing.EdgeSettings;
import io.incidentfeeds.schemas.auth.DemoTokens;
import io.incidentfeeds.edge.testing.JwksServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens of an identity provider, verified through its JWKS URL served by a real HTTP server on
 * loopback: RS256 and ES256, key rotation (a new kid is fetched; a retired key stops verifying once
 * the edge fetches again), a bounded number of fetches under a flood of unknown kids, issuer,
 * audience and expiry, algorithm confusion, and the claim mapping (a claim, a group table, nested
 * roles, renamed roles, two agencies refused).
 */
class IdentityProviderTokenTest {

    private static final String ISSUER = "https://idp.example.org/realms/eoc";
    private static final String AUDIENCE = "ws-edge";

    private JwksServer idp;

    @BeforeEach
    void start() throws Exception {
        idp = new JwksServer();
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private TokenVerifier verifier(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of(
                "edge.auth.jwks.url", idp.url().toString(),
                "edge.auth.jwks.issuer", ISSUER,
                "edge.auth.jwks.audience", AUDIENCE));
        p.putAll(extra);
        return new TokenVerifier(EdgeSettings.bind(p).auth());
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("u-" + UUID.randomUUID())
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static JWTClaimsSet user(String agency, String... roles) {
        return claims().claim("agency_id", agency).claim("roles", List.of(roles)).build();
    }

    @Test
    void acceptsRs256AndEs256FromTheProvidersKeys() throws Exception {
        RSAKey rsa = rsaKey("rsa-1");
        ECKey ec = ecKey("ec-1");
        idp.publish(rsa, ec);
        try (TokenVerifier v = verifier(Map.of())) {
            ConsolePrincipal sffd = v.verify(sign(rsa, user("sffd", "dispatcher")));
            assertThat(sffd.agencyId()).isEqualTo("sffd");
            assertThat(sffd.roles()).containsExactly("dispatcher");
            assertThat(v.verify(sign(ec, user("oakfd", "eoc"))).roles()).containsExactly("eoc");
            assertThat(idp.fetches()).isEqualTo(1);
        }
    }

    @Test
    void aRotatedInKeyIsFetchedAndARetiredKeyStopsVerifyingWhenTheSetIsFetchedAgain() throws Exception {
        RSAKey oldKey = rsaKey("2026-11");
        RSAKey newKey = rsaKey("2026-12");
        idp.publish(oldKey);
        try (TokenVerifier v = verifier(Map.of("edge.auth.jwks.cache-ttl", "3s", "edge.auth.jwks.refresh-ahead", "1s",
                "edge.auth.jwks.rate-limit", "1s", "edge.auth.jwks.timeout", "500ms"))) {
            String old = sign(oldKey, user("sffd", "dispatcher"));
            assertThat(v.verify(old).agencyId()).isEqualTo("sffd");

            // Rotation starts: the provider publishes the new key beside the old one and signs with
            // the new one. Its kid is unknown to the cache: one fetch, then both verify.
            idp.publish(oldKey, newKey);
            String rotated = sign(newKey, user("sffd", "dispatcher"));
            assertThat(v.verify(rotated).agencyId()).isEqualTo("sffd");
            assertThat(idp.fetches()).isEqualTo(2);
            assertThat(v.verify(old).agencyId()).isEqualTo("sffd");

            // Rotation ends: the old key is withdrawn. The edge trusts what it fetched last, so the
            // old token stops verifying at the latest when the cached set expires.
            idp.publish(newKey);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try {
                    v.verify(old);
                    Thread.sleep(200);
                } catch (TokenRejectedException e) {
                    refused = true;
                    assertThat(e).hasMessage("signature does not verify");
                }
            }
            assertThat(refused).as("the retired key is refused after the cache expired").isTrue();
            assertThat(v.verify(rotated).agencyId()).isEqualTo("sffd");
        }
    }

    @Test
    void aFloodOfUnknownKidsFetchesTheSetAtMostTwicePerRateLimitWindow() throws Exception {
        RSAKey published = rsaKey("published");
        idp.publish(published);
        Duration window = Duration.ofSeconds(3);
        try (TokenVerifier v = verifier(Map.of("edge.auth.jwks.rate-limit", window.toMillis() + "ms"))) {
            RSAKey stranger = rsaKey("unused");
            List<String> flood = IntStream.range(0, 200)
                    .mapToObj(i -> sign(new RSAKey.Builder(stranger).keyID("made-up-" + i).build(), user("sffd", "dispatcher")))
                    .toList();
            long start = System.nanoTime();
            for (String token : flood) {
                assertThatThrownBy(() -> v.verify(token)).isInstanceOf(TokenRejectedException.class);
            }
            long windows = 1 + (System.nanoTime() - start) / window.toNanos();
            // At most two fetches per window: the first token's (the set's first fetch and one more
            // for its unknown kid); the rest of the window refuses without asking the provider.
            assertThat(idp.fetches()).isBetween(2, (int) (2 * windows));
            assertThat(v.verify(sign(published, user("sffd", "dispatcher"))).agencyId()).isEqualTo("sffd");

            // A key published after the window is still picked up.
            RSAKey later = rsaKey("later");
            idp.publish(published, later);
            int before = idp.fetches();
            Thread.sleep(window.toMillis() + 100);
            assertThat(v.verify(sign(later, user("sffd", "dispatcher"))).agencyId()).isEqualTo("sffd");
            assertThat(idp.fetches()).isEqualTo(before + 1);
        }
    }

    @Test
    void refusesAnotherIssuerAnotherAudienceAndExpiredTokens() throws Exception {
        RSAKey key = rsaKey("k");
        idp.publish(key);
        try (TokenVerifier v = verifier(Map.of())) {
            JWTClaimsSet otherIssuer = new JWTClaimsSet.Builder(user("sffd", "dispatcher"))
                    .issuer("https://evil.example.org/realms/eoc").build();
            assertThatThrownBy(() -> v.verify(sign(key, otherIssuer))).hasMessageContaining("iss");
            JWTClaimsSet otherAudience = new JWTClaimsSet.Builder(user("sffd", "dispatcher")).audience("another-app").build();
            assertThatThrownBy(() -> v.verify(sign(key, otherAudience))).hasMessage("JWT aud claim rejected");
            JWTClaimsSet noAudience = new JWTClaimsSet.Builder(user("sffd", "dispatcher")).audience((String) null).build();
            assertThatThrownBy(() -> v.verify(sign(key, noAudience))).isInstanceOf(TokenRejectedException.class);
            JWTClaimsSet expired = new JWTClaimsSet.Builder(user("sffd", "dispatcher"))
                    .expirationTime(Date.from(Instant.now().minusSeconds(120))).build();
            assertThatThrownBy(() -> v.verify(sign(key, expired))).hasMessageContaining("Expired");
            // One of several accepted audiences is enough.
            JWTClaimsSet twoAudiences = new JWTClaimsSet.Builder(user("sffd", "dispatcher"))
                    .audience(List.of("account", AUDIENCE)).build();
            assertThat(v.verify(sign(key, twoAudiences)).agencyId()).isEqualTo("sffd");
        }
    }

    @Test
    void refusesAlgNoneAndHs256SignedWithThePublicKey() throws Exception {
        RSAKey key = rsaKey("k");
        idp.publish(key);
        try (TokenVerifier v = verifier(Map.of())) {
            assertThatThrownBy(() -> v.verify(new PlainJWT(user("sffd", "eoc")).serialize()))
                    .isInstanceOf(TokenRejectedException.class);
            // The provider's public key, as anyone can download it, used as an HMAC secret.
            for (byte[] secret : List.of(key.toPublicJWK().toJSONString().getBytes(),
                    key.toRSAPublicKey().getEncoded(), key.getModulus().decode())) {
                SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k").build(),
                        user("sffd", "eoc"));
                forged.sign(new MACSigner(secret));
                assertThatThrownBy(() -> v.verify(forged.serialize())).isInstanceOf(TokenRejectedException.class);
            }
            // ES256 naming the RSA key's kid: the key type must fit the algorithm.
            ECKey sameKid = new ECKey.Builder(ecKey("x")).keyID("k").build();
            assertThatThrownBy(() -> v.verify(sign(sameKid, user("sffd", "eoc")))).isInstanceOf(TokenRejectedException.class);
            assertThat(v.verify(sign(key, user("sffd", "eoc"))).agencyId()).isEqualTo("sffd");
        }
    }

    @Test
    void mapsGroupsToAnAgencyAndNestedRolesAndRefusesAUserOfTwoAgencies() throws Exception {
        RSAKey key = rsaKey("k");
        idp.publish(key);
        try (TokenVerifier v = verifier(Map.of(
                "edge.auth.claims.agency-claim", "",
                "edge.auth.claims.groups-claim", "groups",
                "edge.auth.claims.agency-groups[/SF Fire/Dispatch]", "sffd",
                "edge.auth.claims.agency-groups[/Oakland FD]", "oakfd",
                "edge.auth.claims.roles-claim", "realm_access.roles",
                "edge.auth.claims.role-names.fire-dispatcher", "dispatcher",
                "edge.auth.claims.role-names.duty-officer", "eoc"))) {
            JWTClaimsSet keycloak = claims()
                    .claim("groups", List.of("/SF Fire/Dispatch", "/everyone"))
                    .claim("realm_access", Map.of("roles", List.of("offline_access", "fire-dispatcher")))
                    .build();
            ConsolePrincipal p = v.verify(sign(key, keycloak));
            assertThat(p.agencyId()).isEqualTo("sffd");
            assertThat(p.roles()).containsExactly("dispatcher");

            JWTClaimsSet twoAgencies = new JWTClaimsSet.Builder(keycloak)
                    .claim("groups", List.of("/SF Fire/Dispatch", "/Oakland FD")).build();
            assertThatThrownBy(() -> v.verify(sign(key, twoAgencies)))
                    .hasMessageContaining("more than one agency").hasMessageContaining("[oakfd, sffd]");
            JWTClaimsSet noAgency = new JWTClaimsSet.Builder(keycloak).claim("groups", List.of("/everyone")).build();
            assertThatThrownBy(() -> v.verify(sign(key, noAgency))).hasMessageContaining("no agency");
            JWTClaimsSet noRoles = new JWTClaimsSet.Builder(keycloak).claim("realm_access", Map.of()).build();
            assertThatThrownBy(() -> v.verify(sign(key, noRoles))).hasMessageContaining("realm_access.roles");
        }
        try (TokenVerifier v = verifier(Map.of("edge.auth.claims.agency-claim", "tenant",
                "edge.auth.claims.roles-claim", "https://incidentfeeds.io/roles"))) {
            JWTClaimsSet urlNamed = claims().claim("tenant", "calfire").claim("https://incidentfeeds.io/roles", "eoc").build();
            assertThat(v.verify(sign(key, urlNamed)).roles()).containsExactly("eoc");
            JWTClaimsSet twoTenants = claims().claim("tenant", List.of("calfire", "sffd"))
                    .claim("https://incidentfeeds.io/roles", "eoc").build();
            assertThatThrownBy(() -> v.verify(sign(key, twoTenants))).hasMessageContaining("more than one agency");
            JWTClaimsSet notAnAgency = claims().claim("tenant", "Cal Fire").claim("https://incidentfeeds.io/roles", "eoc").build();
            assertThatThrownBy(() -> v.verify(sign(key, notAnAgency))).hasMessageContaining("not an agency id");
        }
    }

    @Test
    void staticKeyTokensKeepWorkingBesideAProviderAndNeverFetchItsKeys() throws Exception {
        RSAKey key = rsaKey("k");
        idp.publish(key);
        String secret = "a-shared-secret-of-at-least-thirty-two-bytes";
        try (TokenVerifier v = verifier(Map.of("edge.auth.hs256.secret", secret))) {
            String demo = new DemoTokens(secret).mint("sfpd", List.of("supervisor"), Duration.ofMinutes(5));
            assertThat(v.verify(demo).agencyId()).isEqualTo("sfpd");
            assertThat(idp.fetches()).isZero();
            assertThat(v.verify(sign(key, user("sffd", "dispatcher"))).agencyId()).isEqualTo("sffd");
            // A provider token without the provider's issuer is not rescued by the static keys.
            JWTClaimsSet noIssuer = new JWTClaimsSet.Builder(user("sffd", "dispatcher")).issuer(null).build();
            assertThatThrownBy(() -> v.verify(sign(key, noIssuer))).isInstanceOf(TokenRejectedException.class);
            SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), user("sffd", "eoc"));
            forged.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
            assertThatThrownBy(() -> v.verify(forged.serialize())).hasMessage("signature does not verify");
        }
    }

    @Test
    void aProviderIsAlwaysCheckedForIssuerAndAudienceAndOnlyWithAsymmetricAlgorithms() {
        String url = idp.url().toString();
        assertThatThrownBy(() -> new TokenVerifier(EdgeSettings.bind(Map.of("edge.auth.jwks.url", url,
                "edge.auth.jwks.audience", AUDIENCE)).auth())).hasMessageContaining("edge.auth.jwks.issuer");
        assertThatThrownBy(() -> new TokenVerifier(EdgeSettings.bind(Map.of("edge.auth.jwks.url", url,
                "edge.auth.jwks.issuer", ISSUER)).auth())).hasMessageContaining("edge.auth.jwks.audience");
        assertThatThrownBy(() -> verifier(Map.of("edge.auth.jwks.algorithms", "RS256,HS256")))
                .hasMessageContaining("HS256");
        assertThatThrownBy(() -> verifier(Map.of("edge.auth.claims.groups-claim", "groups",
                "edge.auth.claims.agency-groups.fire", "Not An Agency"))).hasMessageContaining("not an agency id");
    }
}
