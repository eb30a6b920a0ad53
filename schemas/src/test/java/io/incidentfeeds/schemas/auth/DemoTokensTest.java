package io.incidentfeeds.schemas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTokensTest {

    private static final String SECRET = "a-demo-secret-of-at-least-thirty-two-bytes";

    @Test
    void aTokenCarriesTheContractsClaimsSignedWithTheSecret() throws Exception {
        Instant issued = Instant.parse("2026-11-23T10:00:00Z");
        SignedJWT jwt = SignedJWT.parse(new DemoTokens(SECRET).mint("sffd", List.of("dispatcher", "supervisor"),
                issued, issued.plusSeconds(3600)));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim(DemoTokens.AGENCY_ID)).isEqualTo("sffd");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim(DemoTokens.ROLES)).containsExactly("dispatcher", "supervisor");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(issued.plusSeconds(3600)));
    }

    @Test
    void aSecretShorterThanTheAlgorithmsKeyIsRefused() {
        assertThatThrownBy(() -> new DemoTokens("short")).hasMessageContaining("256 bits");
    }
}
