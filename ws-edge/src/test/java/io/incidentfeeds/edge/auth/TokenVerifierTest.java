package io.incidentfeeds.edge.auth;

import io.incidentfeeds.schemas.auth.DemoTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.incidentfeeds.edge.testing.EdgeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {

    private static final String SECRET = "a-shared-secret-of-at-least-thirty-two-bytes";
    private static KeyPair pemKeys;
    private static KeyPair jwksKeys;

    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        pemKeys = gen.generateKeyPair();
        jwksKeys = gen.generateKeyPair();
        Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pemKeys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Files.writeString(dir.resolve("jwks.json"), new JWKSet(new RSAKey.Builder((RSAPublicKey) jwksKeys.getPublic())
                .keyID("agency-idp-1").build()).toString());
    }

    private static TokenVerifier verifier() {
        return new TokenVerifier(EdgeSettings.bind(Map.of(
                "edge.auth.hs256.secret", SECRET,
                "edge.auth.rs256.public-key-file", dir.resolve("public.pem").toString(),
                "edge.auth.rs256.jwks-file", dir.resolve("jwks.json").toString())).auth());
    }

    private static String token(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(String agency, List<String> roles) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().expirationTime(Date.from(Instant.now().plusSeconds(600)));
        if (agency != null) {
            b.claim("agency_id", agency);
        }
        if (roles != null) {
            b.claim("roles", roles);
        }
        return b.build();
    }

    @Test
    void acceptsHs256AndRs256FromAPemOrAJwksFile() throws Exception {
        TokenVerifier v = verifier();
        assertThat(v.verify(token(JWSAlgorithm.HS256, null, new MACSigner(SECRET), claims("sffd", List.of("dispatcher"))))
                .agencyId()).isEqualTo("sffd");
        assertThat(v.verify(token(JWSAlgorithm.RS256, null, new RSASSASigner((RSAPrivateKey) pemKeys.getPrivate()),
                claims("calfire", List.of("eoc")))).roles()).containsExactly("eoc");
        assertThat(v.verify(token(JWSAlgorithm.RS256, "agency-idp-1", new RSASSASigner((RSAPrivateKey) jwksKeys.getPrivate()),
                claims("oakfd", List.of()))).agencyId()).isEqualTo("oakfd");
        assertThat(v.verify(new DemoTokens(SECRET).mint("sfpd", List.of("supervisor"), java.time.Duration.ofMinutes(5)))
                .roles()).containsExactly("supervisor");
    }

    @Test
    void refusesForeignKeysMissingClaimsAndAlgorithmConfusion() throws Exception {
        TokenVerifier v = verifier();
        KeyPair stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThatThrownBy(() -> v.verify(token(JWSAlgorithm.RS256, null, new RSASSASigner((RSAPrivateKey) stranger.getPrivate()),
                claims("sffd", List.of())))).isInstanceOf(TokenRejectedException.class);
        assertThatThrownBy(() -> v.verify(token(JWSAlgorithm.HS256, null, new MACSigner(SECRET), claims(null, List.of("x")))))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("agency_id");
        assertThatThrownBy(() -> v.verify(token(JWSAlgorithm.HS256, null, new MACSigner(SECRET), claims("sffd", null))))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("roles");
        assertThatThrownBy(() -> v.verify(token(JWSAlgorithm.HS256, null, new MACSigner(SECRET), claims("SFFD!", List.of()))))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("agency_id");
        // The RSA public key's bytes used as an HMAC secret must not verify.
        byte[] publicBytes = pemKeys.getPublic().getEncoded();
        assertThatThrownBy(() -> v.verify(token(JWSAlgorithm.HS256, null, new MACSigner(publicBytes), claims("sffd", List.of()))))
                .isInstanceOf(TokenRejectedException.class);
        // alg none
        assertThatThrownBy(() -> v.verify(new com.nimbusds.jwt.PlainJWT(claims("sffd", List.of())).serialize()))
                .isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void anEdgeWithoutKeysDoesNotStart() {
        assertThatThrownBy(() -> new TokenVerifier(EdgeSettings.bind(Map.of()).auth())).hasMessageContaining("no JWT key");
    }
}
