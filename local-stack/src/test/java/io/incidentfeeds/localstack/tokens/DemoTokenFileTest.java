package io.incidentfeeds.localstack.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTokenFileTest {

    private static final String SECRET = "a-test-secret-of-more-than-thirty-two-bytes";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aTokenCarriesTheContractsClaimsAndVerifiesWithTheSecret() throws Exception {
        String token = new DemoTokenFile(SECRET, Duration.ofHours(12)).mint("sffd", List.of("dispatcher"), NOW);

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("agency_id")).isEqualTo("sffd");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("dispatcher");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(12)));
        assertThat(jwt.verify(new MACVerifier("another-secret-of-more-than-thirty-two-bytes"))).isFalse();
    }

    @Test
    void everyAgencyGetsADispatcherTokenAndThereIsOneEocToken() throws Exception {
        Map<String, String> tokens = new DemoTokenFile(SECRET, Duration.ofHours(1)).mintAll(List.of("sffd", "sfpd"), NOW);

        assertThat(tokens).containsOnlyKeys("sffd", "sfpd", "eoc");
        assertThat(SignedJWT.parse(tokens.get("eoc")).getJWTClaimsSet().getStringListClaim("roles")).containsExactly("eoc");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new DemoTokenFile("short", Duration.ofHours(1))).hasMessageContaining("256 bits");
    }

    @Test
    void theTokenFileIsReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = DemoTokenFile.writeFile(dir.resolve("tokens.txt"), Map.of("sffd", "t1"), NOW);

        assertThat(Files.readAllLines(file)).contains("sffd\tt1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
