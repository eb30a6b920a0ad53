package io.incidentfeeds.edge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.testing.EdgeSettings;
import io.incidentfeeds.schemas.auth.DemoTokens;
import io.incidentfeeds.edge.auth.TokenVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTokenOfferTest {

    private static final String SECRET = "a-demo-secret-of-more-than-thirty-two-bytes!";

    @Test
    @SuppressWarnings("unchecked")
    void offersTheTokensOfTheFileThatThisEdgeAcceptsAndNoOthers(@TempDir Path dir) throws Exception {
        DemoTokens mine = new DemoTokens(SECRET);
        DemoTokens someoneElses = new DemoTokens("another-secret-of-more-than-thirty-two-bytes");
        Instant now = Instant.now();
        Path file = dir.resolve("tokens.txt");
        Files.write(file, List.of(
                "# demo tokens",
                "sffd\t" + mine.mint("sffd", List.of("dispatcher"), Duration.ofHours(1)),
                "eoc\t" + mine.mint("oes", List.of("eoc"), Duration.ofHours(1)),
                "expired\t" + mine.mint("sfpd", List.of("dispatcher"), now.minusSeconds(7200), now.minusSeconds(3600)),
                "forged\t" + someoneElses.mint("sfpw", List.of("eoc"), Duration.ofHours(1))));
        EdgeProperties properties = EdgeSettings.bind(Map.of(
                "edge.auth.hs256.secret", SECRET, "edge.demo.tokens-file", file.toString()));

        Map<String, Object> body = new DemoTokenOffer(properties, new TokenVerifier(properties.auth())).tokens().getBody();

        List<Map<String, Object>> tokens = (List<Map<String, Object>>) body.get("tokens");
        assertThat(tokens).extracting(t -> t.get("label") + ":" + t.get("agency_id") + ":" + t.get("roles"))
                .containsExactly("sffd:sffd:[dispatcher]", "eoc:oes:[eoc]");
    }

    @Test
    void aMissingFileOffersNothing(@TempDir Path dir) throws Exception {
        EdgeProperties properties = EdgeSettings.bind(Map.of(
                "edge.auth.hs256.secret", SECRET, "edge.demo.tokens-file", dir.resolve("not-yet-written.txt").toString()));

        assertThat(new DemoTokenOffer(properties, new TokenVerifier(properties.auth())).tokens().getBody())
                .containsEntry("tokens", List.of());
    }
}
